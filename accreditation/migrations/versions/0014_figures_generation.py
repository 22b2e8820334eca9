"""Figures generation: one row the write side moves on with every change that can move an assurance figure

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 15:10:00
"""
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa
import accreditation.db


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table('figures_generation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('changed_at', accreditation.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_figures_generation_one_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_figures_generation'))
    )
    op.bulk_insert(table, [{'id': 1, 'n': 0, 'changed_at': datetime.now(UTC)}])


def downgrade() -> None:
    op.drop_table('figures_generation')
