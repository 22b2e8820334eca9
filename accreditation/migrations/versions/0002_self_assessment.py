"""Self-assessment: cycles, answers, evidence, submissions

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 15:15:11.332356
"""
from alembic import op
import sqlalchemy as sa
import accreditation.db


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('cycle',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('standards_version_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('open', 'closed', name='cyclestatus', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('self_assessment_due', sa.Date(), nullable=False),
    sa.Column('opened_at', accreditation.db.UTCDateTime(), nullable=False),
    sa.Column('opened_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['opened_by_id'], ['person.id'], name=op.f('fk_cycle_opened_by_id_person')),
    sa.ForeignKeyConstraint(['standards_version_id'], ['standards_version.id'], name=op.f('fk_cycle_standards_version_id_standards_version')),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_cycle_team_id_team')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cycle'))
    )
    with op.batch_alter_table('cycle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cycle_team_id'), ['team_id'], unique=False)
        batch_op.create_index('uq_cycle_one_open_per_team', ['team_id'], unique=True, sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'"))

    op.create_table('self_assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('in_progress', 'submitted', 'returned', name='selfassessmentstatus', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('submitted_at', accreditation.db.UTCDateTime(), nullable=True),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("(status = 'submitted') = (submitted_at IS NOT NULL AND submitted_by_id IS NOT NULL)", name=op.f('ck_self_assessment_submitted_has_when_and_who')),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycle.id'], name=op.f('fk_self_assessment_cycle_id_cycle')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['person.id'], name=op.f('fk_self_assessment_submitted_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_self_assessment')),
    sa.UniqueConstraint('cycle_id', name=op.f('uq_self_assessment_cycle_id'))
    )
    op.create_table('answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('self_assessment_id', sa.Integer(), nullable=False),
    sa.Column('standard_id', sa.Integer(), nullable=False),
    sa.Column('rating', sa.Enum('met', 'partially_met', 'not_met', 'not_applicable', name='rating', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('not_applicable_reason', sa.Text(), nullable=False),
    sa.Column('how_we_meet', sa.Text(), nullable=False),
    sa.Column('improvement_underway', sa.Text(), nullable=False),
    sa.Column('involvement_count', sa.Integer(), nullable=True),
    sa.Column('involvement_how', sa.Text(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('updated_at', accreditation.db.UTCDateTime(), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['self_assessment_id'], ['self_assessment.id'], name=op.f('fk_answer_self_assessment_id_self_assessment')),
    sa.ForeignKeyConstraint(['standard_id'], ['standard.id'], name=op.f('fk_answer_standard_id_standard')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['person.id'], name=op.f('fk_answer_updated_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer')),
    sa.UniqueConstraint('self_assessment_id', 'standard_id', name=op.f('uq_answer_self_assessment_id_standard_id'))
    )
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_self_assessment_id'), ['self_assessment_id'], unique=False)

    op.create_table('submission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('self_assessment_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('submitted_at', accreditation.db.UTCDateTime(), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('returned_at', accreditation.db.UTCDateTime(), nullable=True),
    sa.Column('returned_by_id', sa.Integer(), nullable=True),
    sa.Column('return_comments', sa.JSON(), nullable=False),
    sa.CheckConstraint('(returned_at IS NULL) = (returned_by_id IS NULL)', name=op.f('ck_submission_returned_has_who')),
    sa.ForeignKeyConstraint(['returned_by_id'], ['person.id'], name=op.f('fk_submission_returned_by_id_person')),
    sa.ForeignKeyConstraint(['self_assessment_id'], ['self_assessment.id'], name=op.f('fk_submission_self_assessment_id_self_assessment')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['person.id'], name=op.f('fk_submission_submitted_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submission')),
    sa.UniqueConstraint('self_assessment_id', 'number', name=op.f('uq_submission_self_assessment_id_number'))
    )
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submission_self_assessment_id'), ['self_assessment_id'], unique=False)

    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('file', 'link', 'at_visit', name='evidencekind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('storage_key', sa.String(length=100), nullable=True),
    sa.Column('filename', sa.String(length=255), nullable=True),
    sa.Column('content_type', sa.String(length=100), nullable=True),
    sa.Column('size', sa.Integer(), nullable=True),
    sa.Column('added_at', accreditation.db.UTCDateTime(), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=False),
    sa.Column('removed_at', accreditation.db.UTCDateTime(), nullable=True),
    sa.Column('removed_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("(kind = 'file') = (storage_key IS NOT NULL)", name=op.f('ck_evidence_file_has_storage_key')),
    sa.CheckConstraint("(kind = 'link') = (url IS NOT NULL)", name=op.f('ck_evidence_link_has_url')),
    sa.CheckConstraint('(removed_at IS NULL) = (removed_by_id IS NULL)', name=op.f('ck_evidence_removed_has_who')),
    sa.ForeignKeyConstraint(['added_by_id'], ['person.id'], name=op.f('fk_evidence_added_by_id_person')),
    sa.ForeignKeyConstraint(['answer_id'], ['answer.id'], name=op.f('fk_evidence_answer_id_answer')),
    sa.ForeignKeyConstraint(['removed_by_id'], ['person.id'], name=op.f('fk_evidence_removed_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence'))
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_answer_id'), ['answer_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_answer_id'))

    op.drop_table('evidence')
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submission_self_assessment_id'))

    op.drop_table('submission')
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_self_assessment_id'))

    op.drop_table('answer')
    op.drop_table('self_assessment')
    with op.batch_alter_table('cycle', schema=None) as batch_op:
        batch_op.drop_index('uq_cycle_one_open_per_team', sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'"))
        batch_op.drop_index(batch_op.f('ix_cycle_team_id'))

    op.drop_table('cycle')
