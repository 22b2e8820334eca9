"""Review: independent evidence scores and visit records

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 15:43:55.186628
"""
from alembic import op
import sqlalchemy as sa
import accreditation.db


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('evidence_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('assessor_id', sa.Integer(), nullable=False),
    sa.Column('standard_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Enum('met', 'partially_met', 'not_met', 'unable_to_judge', name='score', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('updated_at', accreditation.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assessor_id'], ['person.id'], name=op.f('fk_evidence_score_assessor_id_person')),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_evidence_score_review_id_review'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['standard_id'], ['standard.id'], name=op.f('fk_evidence_score_standard_id_standard')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_score')),
    sa.UniqueConstraint('review_id', 'assessor_id', 'standard_id', name=op.f('uq_evidence_score_review_id_assessor_id_standard_id'))
    )
    with op.batch_alter_table('evidence_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_score_review_id'), ['review_id'], unique=False)

    op.create_table('visit_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('assessor_id', sa.Integer(), nullable=False),
    sa.Column('standard_id', sa.Integer(), nullable=False),
    sa.Column('observed', sa.Text(), nullable=False),
    sa.Column('service_users_spoken_to', sa.Integer(), nullable=True),
    sa.Column('service_users_said', sa.Text(), nullable=False),
    sa.Column('carers_spoken_to', sa.Integer(), nullable=True),
    sa.Column('carers_said', sa.Text(), nullable=False),
    sa.Column('staff_spoken_to', sa.Integer(), nullable=True),
    sa.Column('staff_said', sa.Text(), nullable=False),
    sa.Column('score', sa.Enum('met', 'partially_met', 'not_met', 'unable_to_judge', name='score', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('updated_at', accreditation.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['assessor_id'], ['person.id'], name=op.f('fk_visit_record_assessor_id_person')),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_visit_record_review_id_review'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['standard_id'], ['standard.id'], name=op.f('fk_visit_record_standard_id_standard')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_record')),
    sa.UniqueConstraint('review_id', 'assessor_id', 'standard_id', name=op.f('uq_visit_record_review_id_assessor_id_standard_id'))
    )
    with op.batch_alter_table('visit_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_record_review_id'), ['review_id'], unique=False)

    with op.batch_alter_table('visit_team_member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('evidence_scores_submitted_at', accreditation.db.UTCDateTime(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('visit_team_member', schema=None) as batch_op:
        batch_op.drop_column('evidence_scores_submitted_at')

    with op.batch_alter_table('visit_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_record_review_id'))

    op.drop_table('visit_record')
    with op.batch_alter_table('evidence_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_score_review_id'))

    op.drop_table('evidence_score')
