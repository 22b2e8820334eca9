"""The spine: organisation, people and roles, standards, sign-in attempts, audit

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 14:46:37.283234
"""
from alembic import op
import sqlalchemy as sa
import accreditation.db


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation')),
    sa.UniqueConstraint('code', name=op.f('uq_organisation_code')),
    sa.UniqueConstraint('name', name=op.f('uq_organisation_name'))
    )
    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('given_name', sa.String(length=100), nullable=False),
    sa.Column('family_name', sa.String(length=100), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('locale', sa.String(length=20), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.Column('created_at', accreditation.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person')),
    sa.UniqueConstraint('email', name=op.f('uq_person_email'))
    )
    op.create_table('sign_in_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('at', accreditation.db.UTCDateTime(), nullable=False),
    sa.Column('succeeded', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_attempt'))
    )
    with op.batch_alter_table('sign_in_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_attempt_address'), ['address'], unique=False)
        batch_op.create_index(batch_op.f('ix_sign_in_attempt_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_sign_in_attempt_email'), ['email'], unique=False)

    op.create_table('standards_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_standards_version')),
    sa.UniqueConstraint('label', name=op.f('uq_standards_version_label'))
    )
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', accreditation.db.UTCDateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=80), nullable=False),
    sa.Column('subject_type', sa.String(length=80), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['person.id'], name=op.f('fk_audit_entry_actor_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_at'), ['at'], unique=False)

    op.create_table('directorate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_directorate_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_directorate')),
    sa.UniqueConstraint('organisation_id', 'name', name=op.f('uq_directorate_organisation_id_name'))
    )
    with op.batch_alter_table('directorate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_directorate_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('standards_theme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['standards_version.id'], name=op.f('fk_standards_theme_version_id_standards_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_standards_theme')),
    sa.UniqueConstraint('version_id', 'code', name=op.f('uq_standards_theme_version_id_code'))
    )
    with op.batch_alter_table('standards_theme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_standards_theme_version_id'), ['version_id'], unique=False)

    op.create_table('standard',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('tier', sa.Enum('essential', 'expected', 'aspirational', name='tier', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('statement', sa.Text(), nullable=False),
    sa.Column('easy_read', sa.Text(), nullable=False),
    sa.Column('what_good_looks_like', sa.JSON(), nullable=False),
    sa.Column('evidence_examples', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['theme_id'], ['standards_theme.id'], name=op.f('fk_standard_theme_id_standards_theme')),
    sa.ForeignKeyConstraint(['version_id'], ['standards_version.id'], name=op.f('fk_standard_version_id_standards_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_standard')),
    sa.UniqueConstraint('version_id', 'code', name=op.f('uq_standard_version_id_code'))
    )
    with op.batch_alter_table('standard', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_standard_theme_id'), ['theme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_standard_version_id'), ['version_id'], unique=False)

    op.create_table('team',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('directorate_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('ward', 'community_team', 'clinic', 'practice', name='teamkind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('service_type', sa.String(length=200), nullable=False),
    sa.Column('site', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['directorate_id'], ['directorate.id'], name=op.f('fk_team_directorate_id_directorate')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team')),
    sa.UniqueConstraint('directorate_id', 'name', name=op.f('uq_team_directorate_id_name'))
    )
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_directorate_id'), ['directorate_id'], unique=False)

    op.create_table('role_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('assessor', 'lead_assessor', 'panel_member', 'panel_chair', 'standards_group_member', 'team_member', 'team_lead', 'qa_coordinator', 'board_viewer', 'administrator', name='role', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("(role IN ('team_lead', 'team_member')) = (team_id IS NOT NULL)", name=op.f('ck_role_assignment_team_role_has_team')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_role_assignment_person_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_role_assignment_team_id_team')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_assignment')),
    sa.UniqueConstraint('person_id', 'role', 'team_id', name=op.f('uq_role_assignment_person_id_role_team_id'))
    )
    with op.batch_alter_table('role_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_assignment_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_assignment_team_id'), ['team_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('role_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_assignment_team_id'))
        batch_op.drop_index(batch_op.f('ix_role_assignment_person_id'))

    op.drop_table('role_assignment')
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_directorate_id'))

    op.drop_table('team')
    with op.batch_alter_table('standard', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_standard_version_id'))
        batch_op.drop_index(batch_op.f('ix_standard_theme_id'))

    op.drop_table('standard')
    with op.batch_alter_table('standards_theme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_standards_theme_version_id'))

    op.drop_table('standards_theme')
    with op.batch_alter_table('directorate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_directorate_organisation_id'))

    op.drop_table('directorate')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_at'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_actor_id'))

    op.drop_table('audit_entry')
    op.drop_table('standards_version')
    with op.batch_alter_table('sign_in_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_attempt_email'))
        batch_op.drop_index(batch_op.f('ix_sign_in_attempt_at'))
        batch_op.drop_index(batch_op.f('ix_sign_in_attempt_address'))

    op.drop_table('sign_in_attempt')
    op.drop_table('person')
    op.drop_table('organisation')
