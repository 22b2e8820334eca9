"""Review: consolidated findings, the assessors' report with factual comments, the involvement log

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 15:48:26.923504
"""
from alembic import op
import sqlalchemy as sa
import accreditation.db


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('assessors_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'with_team', 'ready', name='reportstatus', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('strengths', sa.Text(), nullable=False),
    sa.Column('improvements', sa.Text(), nullable=False),
    sa.Column('sent_to_team_at', accreditation.db.UTCDateTime(), nullable=True),
    sa.Column('comments_due', sa.Date(), nullable=True),
    sa.Column('ready_at', accreditation.db.UTCDateTime(), nullable=True),
    sa.CheckConstraint("(status = 'draft') = (sent_to_team_at IS NULL)", name=op.f('ck_assessors_report_sent_unless_draft')),
    sa.CheckConstraint("(status = 'ready') = (ready_at IS NOT NULL)", name=op.f('ck_assessors_report_ready_has_when')),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_assessors_report_review_id_review'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessors_report')),
    sa.UniqueConstraint('review_id', name=op.f('uq_assessors_report_review_id'))
    )
    op.create_table('consolidated_finding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('standard_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Enum('met', 'partially_met', 'not_met', 'unable_to_judge', name='score', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('finding', sa.Text(), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=False),
    sa.Column('decided_at', accreditation.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['person.id'], name=op.f('fk_consolidated_finding_decided_by_id_person')),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_consolidated_finding_review_id_review'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['standard_id'], ['standard.id'], name=op.f('fk_consolidated_finding_standard_id_standard')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consolidated_finding')),
    sa.UniqueConstraint('review_id', 'standard_id', name=op.f('uq_consolidated_finding_review_id_standard_id'))
    )
    with op.batch_alter_table('consolidated_finding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consolidated_finding_review_id'), ['review_id'], unique=False)

    op.create_table('involvement_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=True),
    sa.Column('activity', sa.Enum('evidence_review', 'visit', 'panel', 'training', name='activity', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('worked_on', sa.Date(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', accreditation.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('minutes > 0 AND minutes <= 1440', name=op.f('ck_involvement_entry_minutes_in_a_day')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_involvement_entry_person_id_person')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['person.id'], name=op.f('fk_involvement_entry_recorded_by_id_person')),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_involvement_entry_review_id_review')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_involvement_entry'))
    )
    with op.batch_alter_table('involvement_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_involvement_entry_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_involvement_entry_review_id'), ['review_id'], unique=False)

    op.create_table('factual_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('standard_code', sa.String(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('made_by_id', sa.Integer(), nullable=False),
    sa.Column('made_at', accreditation.db.UTCDateTime(), nullable=False),
    sa.Column('response', sa.Text(), nullable=False),
    sa.Column('responded_by_id', sa.Integer(), nullable=True),
    sa.Column('responded_at', accreditation.db.UTCDateTime(), nullable=True),
    sa.CheckConstraint('(responded_at IS NULL) = (responded_by_id IS NULL)', name=op.f('ck_factual_comment_responded_has_who')),
    sa.ForeignKeyConstraint(['made_by_id'], ['person.id'], name=op.f('fk_factual_comment_made_by_id_person')),
    sa.ForeignKeyConstraint(['report_id'], ['assessors_report.id'], name=op.f('fk_factual_comment_report_id_assessors_report'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['responded_by_id'], ['person.id'], name=op.f('fk_factual_comment_responded_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_factual_comment'))
    )
    with op.batch_alter_table('factual_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_factual_comment_report_id'), ['report_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('factual_comment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_factual_comment_report_id'))

    op.drop_table('factual_comment')
    with op.batch_alter_table('involvement_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_involvement_entry_review_id'))
        batch_op.drop_index(batch_op.f('ix_involvement_entry_person_id'))

    op.drop_table('involvement_entry')
    with op.batch_alter_table('consolidated_finding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consolidated_finding_review_id'))

    op.drop_table('consolidated_finding')
    op.drop_table('assessors_report')
