"""Deferral further evidence, appeals, why an item is on the agenda

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 17:19:24.344414
"""
from alembic import op
import sqlalchemy as sa
import accreditation.db


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('appeal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('grounds', sa.Text(), nullable=False),
    sa.Column('lodged_by_id', sa.Integer(), nullable=False),
    sa.Column('lodged_at', accreditation.db.UTCDateTime(), nullable=False),
    sa.Column('status', sa.Enum('lodged', 'upheld', 'not_upheld', name='appealstatus', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('outcome_reasons', sa.Text(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', accreditation.db.UTCDateTime(), nullable=True),
    sa.CheckConstraint("(status = 'lodged') = (decided_at IS NULL)", name=op.f('ck_appeal_decided_unless_lodged')),
    sa.CheckConstraint("(status = 'lodged') = (decided_by_id IS NULL)", name=op.f('ck_appeal_decided_has_who')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['person.id'], name=op.f('fk_appeal_decided_by_id_person')),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], name=op.f('fk_appeal_decision_id_decision')),
    sa.ForeignKeyConstraint(['lodged_by_id'], ['person.id'], name=op.f('fk_appeal_lodged_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appeal')),
    sa.UniqueConstraint('decision_id', name=op.f('uq_appeal_decision_id'))
    )
    op.create_table('further_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('gathering', 'sent', 'reviewed', name='furtherevidencestatus', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('statement', sa.Text(), nullable=False),
    sa.Column('sent_at', accreditation.db.UTCDateTime(), nullable=True),
    sa.Column('sent_by_id', sa.Integer(), nullable=True),
    sa.Column('lead_review', sa.Text(), nullable=False),
    sa.Column('reviewed_at', accreditation.db.UTCDateTime(), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("(status = 'gathering') = (sent_at IS NULL)", name=op.f('ck_further_evidence_sent_unless_gathering')),
    sa.CheckConstraint("(status = 'reviewed') = (reviewed_at IS NOT NULL)", name=op.f('ck_further_evidence_reviewed_has_when')),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], name=op.f('fk_further_evidence_decision_id_decision')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['person.id'], name=op.f('fk_further_evidence_reviewed_by_id_person')),
    sa.ForeignKeyConstraint(['sent_by_id'], ['person.id'], name=op.f('fk_further_evidence_sent_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_further_evidence')),
    sa.UniqueConstraint('decision_id', name=op.f('uq_further_evidence_decision_id'))
    )
    op.create_table('further_evidence_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('further_evidence_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('storage_key', sa.String(length=100), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('added_at', accreditation.db.UTCDateTime(), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['person.id'], name=op.f('fk_further_evidence_file_added_by_id_person')),
    sa.ForeignKeyConstraint(['further_evidence_id'], ['further_evidence.id'], name=op.f('fk_further_evidence_file_further_evidence_id_further_evidence'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_further_evidence_file'))
    )
    with op.batch_alter_table('further_evidence_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_further_evidence_file_further_evidence_id'), ['further_evidence_id'], unique=False)

    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason', sa.Enum('first', 'further_evidence', 'lapsed', 'appeal_upheld', name='itemreason', native_enum=False, create_constraint=True), server_default='first', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_agenda_item_itemreason'), type_='check')  # SQLite keeps it otherwise
        batch_op.drop_column('reason')

    with op.batch_alter_table('further_evidence_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_further_evidence_file_further_evidence_id'))

    op.drop_table('further_evidence_file')
    op.drop_table('further_evidence')
    op.drop_table('appeal')
