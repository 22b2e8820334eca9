"""When a self-assessment was passed to the visit team: after that it is never returned to the team

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 11:05:00

Old code runs against the new schema during a rolling deploy: the column is nullable, and old code neither
reads nor writes it.
"""
from alembic import op
import sqlalchemy as sa
import accreditation.db


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('self_assessment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('passed_to_assessors_at', accreditation.db.UTCDateTime(), nullable=True))
    # Every self-assessment with a visit team was passed to it when the team was allocated.
    op.execute(
        "UPDATE self_assessment SET passed_to_assessors_at = "
        "(SELECT review.allocated_at FROM review WHERE review.self_assessment_id = self_assessment.id) "
        "WHERE status = 'submitted'"
    )
    with op.batch_alter_table('self_assessment', schema=None) as batch_op:
        batch_op.create_check_constraint(
            op.f('ck_self_assessment_passed_only_when_submitted'), "passed_to_assessors_at IS NULL OR status = 'submitted'"
        )


def downgrade() -> None:
    with op.batch_alter_table('self_assessment', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_self_assessment_passed_only_when_submitted'), type_='check')
        batch_op.drop_column('passed_to_assessors_at')
