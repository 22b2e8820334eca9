"""Close each open cycle whose final committee decision stands (anything but a deferral)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 14:10:00

From now on recording a decision closes the cycle (or, a deferral, keeps it open), so the team can be enrolled
again. Data only: old code reads a closed cycle as the demo's earlier cycles, and a decision an old server
records during a rolling deploy leaves its cycle open; docs/DEPLOYMENT.md gives the statement below to run
again afterwards.
"""
from alembic import op


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

# The newest decision on the cycle's assessment is the one that stands (amendments and second rounds supersede).
CLOSE_DECIDED = """
UPDATE cycle SET status = 'closed'
WHERE status = 'open' AND EXISTS (
    SELECT 1 FROM self_assessment
    JOIN review ON review.self_assessment_id = self_assessment.id
    JOIN agenda_item ON agenda_item.review_id = review.id
    JOIN decision ON decision.item_id = agenda_item.id
    WHERE self_assessment.cycle_id = cycle.id AND decision.outcome <> 'deferred'
      AND decision.id = (SELECT max(newer.id) FROM decision AS newer
                         JOIN agenda_item AS newer_item ON newer_item.id = newer.item_id
                         WHERE newer_item.review_id = review.id)
)
"""


def upgrade() -> None:
    op.execute(CLOSE_DECIDED)


def downgrade() -> None:
    # Nothing to undo: a closed cycle is valid data for the older code too, and a team enrolled again since
    # could not have its earlier cycle reopened.
    pass
