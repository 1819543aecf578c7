"""one score snapshot: drop assessment.score_detail

The score of a submitted assessment is its overall_score and stage columns and its dimension_score
rows; score_detail held a JSON copy of the same numbers, written by every path that stored a score
and read by one page. Existing dimension_score rows already hold every dimension's score.

Revision ID: 3f1c2a9d8b10
Revises: c7c7d6eebbe9
Create Date: 2026-12-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = '3f1c2a9d8b10'
down_revision = 'c7c7d6eebbe9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_column('score_detail')


def downgrade():
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('score_detail', sa.JSON(), nullable=True))
