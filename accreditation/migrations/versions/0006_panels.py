"""Panels: meetings, agenda items, declarations, recommendations, decisions and accreditation status

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 16:11:34.918923
"""
from alembic import op
import sqlalchemy as sa
import accreditation.db


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('panel',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('service_user_panel', 'final_committee', name='panelkind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('meets_on', sa.Date(), nullable=False),
    sa.Column('chair_id', sa.Integer(), nullable=False),
    sa.Column('quorum', sa.Integer(), nullable=False),
    sa.Column('scheduled_by_id', sa.Integer(), nullable=False),
    sa.Column('scheduled_at', accreditation.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('quorum >= 2', name=op.f('ck_panel_quorum_at_least_two')),
    sa.ForeignKeyConstraint(['chair_id'], ['person.id'], name=op.f('fk_panel_chair_id_person')),
    sa.ForeignKeyConstraint(['scheduled_by_id'], ['person.id'], name=op.f('fk_panel_scheduled_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_panel'))
    )
    op.create_table('panel_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('panel_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['panel_id'], ['panel.id'], name=op.f('fk_panel_member_panel_id_panel'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_panel_member_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_panel_member')),
    sa.UniqueConstraint('panel_id', 'person_id', name=op.f('uq_panel_member_panel_id_person_id'))
    )
    with op.batch_alter_table('panel_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_panel_member_panel_id'), ['panel_id'], unique=False)

    op.create_table('agenda_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('panel_id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['panel_id'], ['panel.id'], name=op.f('fk_agenda_item_panel_id_panel'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_agenda_item_review_id_review')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_item')),
    sa.UniqueConstraint('panel_id', 'review_id', name=op.f('uq_agenda_item_panel_id_review_id'))
    )
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_item_panel_id'), ['panel_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_item_review_id'), ['review_id'], unique=False)

    op.create_table('decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.Enum('gold', 'silver', 'bronze', 'deferred', 'not_yet_accredited', name='outcome', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('computed_outcome', sa.Enum('gold', 'silver', 'bronze', 'deferred', 'not_yet_accredited', name='computed_outcome', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('recommended_outcome', sa.Enum('gold', 'silver', 'bronze', 'deferred', 'not_yet_accredited', name='recommended_outcome', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('departure_reason', sa.Text(), nullable=False),
    sa.Column('conditions', sa.Text(), nullable=False),
    sa.Column('deferral_deadline', sa.Date(), nullable=True),
    sa.Column('deferral_requirements', sa.Text(), nullable=False),
    sa.Column('amends_id', sa.Integer(), nullable=True),
    sa.Column('amendment_reason', sa.Text(), nullable=False),
    sa.Column('request_key', sa.String(length=64), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', accreditation.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint("(amends_id IS NULL) = (amendment_reason = '')", name=op.f('ck_decision_amendment_has_reason')),
    sa.CheckConstraint("(outcome = 'deferred') = (deferral_deadline IS NOT NULL AND deferral_requirements <> '')", name=op.f('ck_decision_deferred_has_deadline_and_requirements')),
    sa.ForeignKeyConstraint(['amends_id'], ['decision.id'], name=op.f('fk_decision_amends_id_decision')),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_item.id'], name=op.f('fk_decision_item_id_agenda_item')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['person.id'], name=op.f('fk_decision_recorded_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision')),
    sa.UniqueConstraint('request_key', name=op.f('uq_decision_request_key'))
    )
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_item_id'), ['item_id'], unique=False)
        batch_op.create_index('uq_decision_one_original_per_item', ['item_id'], unique=True, sqlite_where=sa.text('amends_id IS NULL'), postgresql_where=sa.text('amends_id IS NULL'))

    op.create_table('declaration',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('present', sa.Boolean(), nullable=False),
    sa.Column('conflict', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('declared_at', accreditation.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_item.id'], name=op.f('fk_declaration_item_id_agenda_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_declaration_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_declaration')),
    sa.UniqueConstraint('item_id', 'person_id', name=op.f('uq_declaration_item_id_person_id'))
    )
    with op.batch_alter_table('declaration', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_declaration_item_id'), ['item_id'], unique=False)

    op.create_table('recommendation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.Enum('gold', 'silver', 'bronze', 'deferred', 'not_yet_accredited', name='outcome', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('conditions', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', accreditation.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_item.id'], name=op.f('fk_recommendation_item_id_agenda_item')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['person.id'], name=op.f('fk_recommendation_recorded_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendation')),
    sa.UniqueConstraint('item_id', name=op.f('uq_recommendation_item_id'))
    )
    op.create_table('accreditation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.Enum('gold', 'silver', 'bronze', 'deferred', 'not_yet_accredited', name='outcome', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('interim_review_due', sa.Date(), nullable=True),
    sa.CheckConstraint('(valid_until IS NULL) = (interim_review_due IS NULL)', name=op.f('ck_accreditation_validity_and_interim')),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], name=op.f('fk_accreditation_decision_id_decision')),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_accreditation_team_id_team')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accreditation')),
    sa.UniqueConstraint('decision_id', name=op.f('uq_accreditation_decision_id'))
    )
    with op.batch_alter_table('accreditation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_accreditation_team_id'), ['team_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('accreditation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accreditation_team_id'))

    op.drop_table('accreditation')
    op.drop_table('recommendation')
    with op.batch_alter_table('declaration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_declaration_item_id'))

    op.drop_table('declaration')
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.drop_index('uq_decision_one_original_per_item', sqlite_where=sa.text('amends_id IS NULL'), postgresql_where=sa.text('amends_id IS NULL'))
        batch_op.drop_index(batch_op.f('ix_decision_item_id'))

    op.drop_table('decision')
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_item_review_id'))
        batch_op.drop_index(batch_op.f('ix_agenda_item_panel_id'))

    op.drop_table('agenda_item')
    with op.batch_alter_table('panel_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_panel_member_panel_id'))

    op.drop_table('panel_member')
    op.drop_table('panel')
