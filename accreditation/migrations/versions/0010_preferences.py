"""A person's access preferences: easy read and large text

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 17:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('easy_read', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('large_text', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('large_text')
        batch_op.drop_column('easy_read')
