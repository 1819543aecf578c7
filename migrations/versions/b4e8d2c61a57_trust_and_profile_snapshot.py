"""trust and profile snapshot: each assessment keeps its profile and its trust; pseudonymous samples

* assessment gets the profile it was submitted with (name, country, org_type, scope, members_band,
  staff_band, sme_share_band), copied here from its organization (the best record there is of
  what existing assessments were submitted with);
* assessment gets its trust (trusted / pending / excluded) with who decided, when and why, and a
  keyed hash of the address it was started from: existing staff imports, samples and synthetic
  results are trusted; existing open respondent submissions are pending (nobody has checked them),
  so staff review them in the new queue before they count among peers again;
* the benchmark index also covers trust; a (trust, submitted_at) index serves the staff queue;
* organization.reference_key now holds a sample organization's key (the model's
  Organization.sample_key; the column keeps its name, so SQLite never rebuilds the table that
  assessments point at): the sample organizations seeded under the programme organizations' real
  names are renamed to pseudonyms ("Sample chamber of commerce B, HN", by type and country,
  lettered in id order) and the numbered "Sample organization N" get their key, so their names
  are translated at display time. The assessment table is only altered in place (added columns
  and indexes), never rebuilt, so no answer or score row is touched.

Revision ID: b4e8d2c61a57
Revises: 7ab83361f1c2
Create Date: 2026-12-01 12:00:00.000000

"""
import re

from alembic import op
import sqlalchemy as sa


revision = 'b4e8d2c61a57'
down_revision = '7ab83361f1c2'
branch_labels = None
depends_on = None

PROFILE = ('name', 'country', 'org_type', 'scope', 'members_band', 'staff_band', 'sme_share_band')
# The English names of sample organizations as app/sample_names.py had them when this was written.
TYPED = {
    'confederation': 'Sample confederation {letter}, {country}',
    'sectoral': 'Sample sectoral chamber {letter}, {country}',
    'chamber_commerce': 'Sample chamber of commerce {letter}, {country}',
    'foreign_trade': 'Sample foreign-trade chamber {letter}, {country}',
    'sme_association': 'Sample SME association {letter}, {country}',
    'other': 'Sample business organization {letter}, {country}',
}

organization = sa.table('organization', sa.column('id', sa.Integer),
                        sa.column('reference_key', sa.String),
                        *(sa.column(name, sa.String) for name in PROFILE))
assessment = sa.table('assessment', sa.column('id', sa.Integer),
                      sa.column('organization_id', sa.Integer), sa.column('source', sa.String),
                      sa.column('status', sa.String), sa.column('trust', sa.String),
                      *(sa.column(name, sa.String) for name in PROFILE))


def upgrade():
    # Only in-place changes to assessment (added columns and indexes): on SQLite a batch rebuild
    # would drop the old table, and with foreign keys on that deletes every answer and score row
    # (ON DELETE CASCADE).
    connection = op.get_bind()
    existing = {c['name'] for c in sa.inspect(connection).get_columns('assessment')}
    for column in (sa.Column('name', sa.String(length=300), nullable=True),
                   sa.Column('country', sa.String(length=2), nullable=True),
                   sa.Column('org_type', sa.String(length=40), nullable=True),
                   sa.Column('scope', sa.String(length=40), nullable=True),
                   sa.Column('members_band', sa.String(length=20), nullable=True),
                   sa.Column('staff_band', sa.String(length=20), nullable=True),
                   sa.Column('sme_share_band', sa.String(length=20), nullable=True),
                   sa.Column('trust', sa.String(length=20), nullable=True),
                   sa.Column('trust_decided_at', sa.DateTime(timezone=True), nullable=True),
                   sa.Column('trust_reason', sa.String(length=500), nullable=True),
                   sa.Column('origin', sa.String(length=64), nullable=True)):
        op.add_column('assessment', column)
    if 'trust_decided_by_id' not in existing:  # SQLite's downgrade keeps it
        if connection.dialect.name == 'sqlite':
            op.execute('ALTER TABLE assessment ADD COLUMN trust_decided_by_id INTEGER CONSTRAINT '
                       'fk_assessment_trust_decided_by_id_staff_user REFERENCES staff_user (id)')
        else:
            op.add_column('assessment', sa.Column('trust_decided_by_id', sa.Integer(), nullable=True))
            op.create_foreign_key('fk_assessment_trust_decided_by_id_staff_user', 'assessment',
                                  'staff_user', ['trust_decided_by_id'], ['id'])
    op.create_index('ix_assessment_origin', 'assessment', ['origin'], unique=False)
    op.drop_index('ix_assessment_benchmark', table_name='assessment')
    op.create_index('ix_assessment_benchmark', 'assessment',
                    ['questionnaire_id', 'questionnaire_version', 'status', 'is_latest', 'source',
                     'trust'], unique=False)
    op.create_index('ix_assessment_trust_submitted_at', 'assessment', ['trust', 'submitted_at'],
                    unique=False)

    _pseudonymous_samples(connection)
    owner = organization.alias('owner')
    connection.execute(assessment.update().values(**{
        name: sa.select(getattr(owner.c, name)).where(owner.c.id == assessment.c.organization_id)
        .scalar_subquery() for name in PROFILE}))
    connection.execute(assessment.update().where(assessment.c.status == 'submitted').values(
        trust=sa.case((assessment.c.source == 'respondent', 'pending'), else_='trusted')))


def _pseudonymous_samples(connection):
    """Sample organizations get a key and a name that is no real organization's."""
    rows = connection.execute(sa.select(organization.c.id, organization.c.name,
                                        organization.c.country, organization.c.org_type,
                                        organization.c.reference_key)
                              .order_by(organization.c.id)).all()
    seen = {}
    for row in rows:
        if row.reference_key is not None:  # seeded for a reference profile, under its real name
            pair = (row.org_type or 'other', row.country or '')
            index = seen.get(pair, 0)
            seen[pair] = index + 1
            letter = chr(ord('A') + index % 26) + (str(index // 26 + 1) if index >= 26 else '')
            key = f'sample:{pair[0]}:{pair[1]}:{letter}'
            name = TYPED.get(pair[0], TYPED['other']).format(letter=letter, country=pair[1])
        else:
            found = re.fullmatch(r'Sample organization (\d+)', row.name or '')
            only_samples = connection.execute(sa.select(sa.func.count()).select_from(assessment).where(
                assessment.c.organization_id == row.id, assessment.c.source != 'sample')).scalar() == 0
            if not found or not only_samples:
                continue
            key, name = f'sample:{found.group(1)}', row.name
        connection.execute(organization.update().where(organization.c.id == row.id)
                           .values(reference_key=key, name=name))


def downgrade():
    connection = op.get_bind()
    # The real names are not restored: sample results never go back under them.
    connection.execute(organization.update().values(reference_key=None))
    op.drop_index('ix_assessment_trust_submitted_at', table_name='assessment')
    op.drop_index('ix_assessment_benchmark', table_name='assessment')
    op.create_index('ix_assessment_benchmark', 'assessment',
                    ['questionnaire_id', 'questionnaire_version', 'status', 'is_latest', 'source'],
                    unique=False)
    op.drop_index('ix_assessment_origin', table_name='assessment')
    columns = ('origin', 'trust_reason', 'trust_decided_at', 'trust', *reversed(PROFILE))
    if connection.dialect.name == 'sqlite':
        # In place again (never a batch rebuild, see upgrade): SQLite cannot drop the foreign-key
        # column trust_decided_by_id so; it stays, empty, and the older code ignores it.
        op.execute('UPDATE assessment SET trust_decided_by_id = NULL')
        for name in columns:
            op.execute(f'ALTER TABLE assessment DROP COLUMN {name}')
        return
    op.drop_constraint('fk_assessment_trust_decided_by_id_staff_user', 'assessment',
                       type_='foreignkey')
    for name in ('trust_decided_by_id', *columns):
        op.drop_column('assessment', name)
