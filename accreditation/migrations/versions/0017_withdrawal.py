"""A team can be withdrawn from its cycle before its visit, with the reason

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 14:40:00

During a rolling deploy the old code never writes a withdrawal; it cannot read a self-assessment withdrawn by a
new server (the status is new to it), which only the withdrawn team's own pages ask for. docs/DEPLOYMENT.md.
"""
from alembic import op
import sqlalchemy as sa
import accreditation.db


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

STATUSES = "'in_progress', 'submitted', 'returned'"


def _statuses(batch_op, values: str) -> None:
    batch_op.drop_constraint(op.f('ck_self_assessment_selfassessmentstatus'), type_='check')
    batch_op.create_check_constraint('selfassessmentstatus', f"status IN ({values})")


def upgrade() -> None:
    with op.batch_alter_table('cycle', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn_at', accreditation.db.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('withdrawal_reason', sa.Text(), server_default='', nullable=False))
        batch_op.create_check_constraint('withdrawn_has_reason', "(withdrawn_at IS NULL) = (withdrawal_reason = '')")
        batch_op.create_check_constraint('withdrawn_is_closed', "withdrawn_at IS NULL OR status = 'closed'")
    with op.batch_alter_table('self_assessment', schema=None) as batch_op:
        _statuses(batch_op, STATUSES + ", 'withdrawn'")


def downgrade() -> None:
    # The older code has no withdrawn status: such a self-assessment reads as in progress, in its closed cycle.
    op.execute("UPDATE self_assessment SET status = 'in_progress' WHERE status = 'withdrawn'")
    with op.batch_alter_table('self_assessment', schema=None) as batch_op:
        _statuses(batch_op, STATUSES)
    with op.batch_alter_table('cycle', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_cycle_withdrawn_is_closed'), type_='check')
        batch_op.drop_constraint(op.f('ck_cycle_withdrawn_has_reason'), type_='check')
        batch_op.drop_column('withdrawal_reason')
        batch_op.drop_column('withdrawn_at')
