"""Session versions: signing out everywhere

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-23 18:13:20.787257
"""
from alembic import op
import sqlalchemy as sa
import accreditation.db


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('session_version')

