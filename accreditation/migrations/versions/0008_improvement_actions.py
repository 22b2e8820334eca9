"""Improvement actions: plans, progress updates with evidence, comments and service users' verdicts

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 17:20:53.602270
"""
from alembic import op
import sqlalchemy as sa
import accreditation.db


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('improvement_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.Enum('standard', 'condition', name='actionsource', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('standard_id', sa.Integer(), nullable=True),
    sa.Column('finding_id', sa.Integer(), nullable=True),
    sa.Column('condition', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'open', 'in_progress', 'completed', 'verified', name='actionstatus', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('what_will_change', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('how_we_will_know', sa.Text(), nullable=False),
    sa.Column('created_at', accreditation.db.UTCDateTime(), nullable=False),
    sa.Column('completed_at', accreditation.db.UTCDateTime(), nullable=True),
    sa.Column('completed_by_id', sa.Integer(), nullable=True),
    sa.Column('verified_at', accreditation.db.UTCDateTime(), nullable=True),
    sa.Column('verified_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("(source = 'condition') = (condition <> '')", name=op.f('ck_improvement_action_condition_source_has_condition')),
    sa.CheckConstraint("(source = 'standard') = (standard_id IS NOT NULL)", name=op.f('ck_improvement_action_standard_source_has_standard')),
    sa.CheckConstraint("(status = 'verified') = (verified_at IS NOT NULL AND verified_by_id IS NOT NULL)", name=op.f('ck_improvement_action_verified_has_when_and_who')),
    sa.CheckConstraint("(status IN ('completed', 'verified')) = (completed_at IS NOT NULL AND completed_by_id IS NOT NULL)", name=op.f('ck_improvement_action_completed_has_when_and_who')),
    sa.CheckConstraint("status = 'draft' OR (what_will_change <> '' AND owner_id IS NOT NULL AND due_on IS NOT NULL AND how_we_will_know <> '')", name=op.f('ck_improvement_action_planned_unless_draft')),
    sa.ForeignKeyConstraint(['completed_by_id'], ['person.id'], name=op.f('fk_improvement_action_completed_by_id_person')),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], name=op.f('fk_improvement_action_decision_id_decision')),
    sa.ForeignKeyConstraint(['finding_id'], ['consolidated_finding.id'], name=op.f('fk_improvement_action_finding_id_consolidated_finding')),
    sa.ForeignKeyConstraint(['owner_id'], ['person.id'], name=op.f('fk_improvement_action_owner_id_person')),
    sa.ForeignKeyConstraint(['standard_id'], ['standard.id'], name=op.f('fk_improvement_action_standard_id_standard')),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_improvement_action_team_id_team')),
    sa.ForeignKeyConstraint(['verified_by_id'], ['person.id'], name=op.f('fk_improvement_action_verified_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_improvement_action'))
    )
    with op.batch_alter_table('improvement_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_improvement_action_decision_id'), ['decision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_improvement_action_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_improvement_action_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_improvement_action_team_id'), ['team_id'], unique=False)

    op.create_table('action_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('made_by_id', sa.Integer(), nullable=False),
    sa.Column('made_at', accreditation.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['improvement_action.id'], name=op.f('fk_action_comment_action_id_improvement_action'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['made_by_id'], ['person.id'], name=op.f('fk_action_comment_made_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_comment'))
    )
    with op.batch_alter_table('action_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_comment_action_id'), ['action_id'], unique=False)

    op.create_table('action_involved',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['improvement_action.id'], name=op.f('fk_action_involved_action_id_improvement_action'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_action_involved_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_involved')),
    sa.UniqueConstraint('action_id', 'person_id', name=op.f('uq_action_involved_action_id_person_id'))
    )
    with op.batch_alter_table('action_involved', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_involved_action_id'), ['action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_involved_person_id'), ['person_id'], unique=False)

    op.create_table('action_update',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('storage_key', sa.String(length=100), nullable=True),
    sa.Column('filename', sa.String(length=255), nullable=True),
    sa.Column('content_type', sa.String(length=100), nullable=True),
    sa.Column('size', sa.Integer(), nullable=True),
    sa.Column('made_by_id', sa.Integer(), nullable=False),
    sa.Column('made_at', accreditation.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('(storage_key IS NULL) = (filename IS NULL)', name=op.f('ck_action_update_file_has_name')),
    sa.ForeignKeyConstraint(['action_id'], ['improvement_action.id'], name=op.f('fk_action_update_action_id_improvement_action'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['made_by_id'], ['person.id'], name=op.f('fk_action_update_made_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_update'))
    )
    with op.batch_alter_table('action_update', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_update_action_id'), ['action_id'], unique=False)

    op.create_table('action_verdict',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('verdict', sa.Enum('yes', 'partly', 'no', 'too_early', name='verdict', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('in_their_words', sa.Text(), nullable=False),
    sa.Column('given_at', accreditation.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['improvement_action.id'], name=op.f('fk_action_verdict_action_id_improvement_action'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_action_verdict_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_verdict')),
    sa.UniqueConstraint('action_id', 'person_id', name=op.f('uq_action_verdict_action_id_person_id'))
    )
    with op.batch_alter_table('action_verdict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_verdict_action_id'), ['action_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('action_verdict', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_verdict_action_id'))

    op.drop_table('action_verdict')
    with op.batch_alter_table('action_update', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_update_action_id'))

    op.drop_table('action_update')
    with op.batch_alter_table('action_involved', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_involved_person_id'))
        batch_op.drop_index(batch_op.f('ix_action_involved_action_id'))

    op.drop_table('action_involved')
    with op.batch_alter_table('action_comment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_comment_action_id'))

    op.drop_table('action_comment')
    with op.batch_alter_table('improvement_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_improvement_action_team_id'))
        batch_op.drop_index(batch_op.f('ix_improvement_action_status'))
        batch_op.drop_index(batch_op.f('ix_improvement_action_due_on'))
        batch_op.drop_index(batch_op.f('ix_improvement_action_decision_id'))

    op.drop_table('improvement_action')
