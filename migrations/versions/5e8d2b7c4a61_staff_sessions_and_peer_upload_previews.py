"""staff sessions and peer upload previews

staff_session: one row per signed-in staff session (the cookie carries a token whose hash is
stored), so signing out, a password change or a deactivation ends sessions for good. Staff signed
in before this migration are signed out once (their cookies hold no session token).

peer_upload: previewed peer-results files waiting for the admin's confirmation, with who uploaded
them and until when (they lived in the instance folder, which another instance cannot see).

Revision ID: 5e8d2b7c4a61
Revises: b4e8d2c61a57
Create Date: 2026-12-01 10:34:55.177276

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e8d2b7c4a61'
down_revision = 'b4e8d2c61a57'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('peer_upload',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('uploaded_by', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('imported_rows', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['uploaded_by'], ['staff_user.id'], name=op.f('fk_peer_upload_uploaded_by_staff_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_peer_upload'))
    )
    with op.batch_alter_table('peer_upload', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_peer_upload_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_peer_upload_uploaded_by'), ['uploaded_by'], unique=False)

    op.create_table('staff_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['staff_user.id'], name=op.f('fk_staff_session_user_id_staff_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_staff_session_token_hash'))
    )
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_session_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_session_user_id'))

    op.drop_table('staff_session')
    with op.batch_alter_table('peer_upload', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_peer_upload_uploaded_by'))
        batch_op.drop_index(batch_op.f('ix_peer_upload_expires_at'))

    op.drop_table('peer_upload')
