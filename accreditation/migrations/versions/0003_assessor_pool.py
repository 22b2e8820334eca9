"""Review: the assessor pool (profiles, training, conflicts, unavailability) and visit teams

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 15:37:27.972248
"""
from alembic import op
import sqlalchemy as sa
import accreditation.db


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('assessor_profile',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('perspective', sa.Enum('service_user', 'carer', 'staff', name='perspective', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('lived_experience', sa.Text(), nullable=False),
    sa.Column('languages', sa.String(length=500), nullable=False),
    sa.Column('access_needs', sa.Text(), nullable=False),
    sa.Column('availability', sa.Text(), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_assessor_profile_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_assessor_profile'))
    )
    op.create_table('training_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('course', sa.String(length=200), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.CheckConstraint('expires_on > completed_on', name=op.f('ck_training_record_expires_after_completed')),
    sa.ForeignKeyConstraint(['person_id'], ['assessor_profile.person_id'], name=op.f('fk_training_record_person_id_assessor_profile'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_record'))
    )
    with op.batch_alter_table('training_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_record_person_id'), ['person_id'], unique=False)

    op.create_table('unavailability',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_unavailability_ends_after_starts')),
    sa.ForeignKeyConstraint(['person_id'], ['assessor_profile.person_id'], name=op.f('fk_unavailability_person_id_assessor_profile'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unavailability'))
    )
    with op.batch_alter_table('unavailability', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unavailability_person_id'), ['person_id'], unique=False)

    op.create_table('conflict_of_interest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('treated_me', 'treated_someone_i_care_for', 'worked_here', 'other', name='conflictkind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('declared_at', accreditation.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['assessor_profile.person_id'], name=op.f('fk_conflict_of_interest_person_id_assessor_profile'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_conflict_of_interest_team_id_team')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conflict_of_interest')),
    sa.UniqueConstraint('person_id', 'team_id', 'kind', name=op.f('uq_conflict_of_interest_person_id_team_id_kind'))
    )
    with op.batch_alter_table('conflict_of_interest', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conflict_of_interest_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conflict_of_interest_team_id'), ['team_id'], unique=False)

    op.create_table('review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('self_assessment_id', sa.Integer(), nullable=False),
    sa.Column('visit_on', sa.Date(), nullable=False),
    sa.Column('visit_at', sa.Time(), nullable=False),
    sa.Column('site', sa.String(length=200), nullable=False),
    sa.Column('access_arrangements', sa.Text(), nullable=False),
    sa.Column('allocated_at', accreditation.db.UTCDateTime(), nullable=False),
    sa.Column('allocated_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['allocated_by_id'], ['person.id'], name=op.f('fk_review_allocated_by_id_person')),
    sa.ForeignKeyConstraint(['self_assessment_id'], ['self_assessment.id'], name=op.f('fk_review_self_assessment_id_self_assessment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review')),
    sa.UniqueConstraint('self_assessment_id', name=op.f('uq_review_self_assessment_id'))
    )
    op.create_table('visit_team_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('is_lead', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_visit_team_member_person_id_person')),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_visit_team_member_review_id_review'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_team_member')),
    sa.UniqueConstraint('review_id', 'person_id', name=op.f('uq_visit_team_member_review_id_person_id'))
    )
    with op.batch_alter_table('visit_team_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_team_member_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_team_member_review_id'), ['review_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('visit_team_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_team_member_review_id'))
        batch_op.drop_index(batch_op.f('ix_visit_team_member_person_id'))

    op.drop_table('visit_team_member')
    op.drop_table('review')
    with op.batch_alter_table('conflict_of_interest', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conflict_of_interest_team_id'))
        batch_op.drop_index(batch_op.f('ix_conflict_of_interest_person_id'))

    op.drop_table('conflict_of_interest')
    with op.batch_alter_table('unavailability', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unavailability_person_id'))

    op.drop_table('unavailability')
    with op.batch_alter_table('training_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_record_person_id'))

    op.drop_table('training_record')
    op.drop_table('assessor_profile')
