"""API clients: per-client bearer tokens (only their hash is kept) for the read-only API

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 17:40:00
"""
from alembic import op
import sqlalchemy as sa
import accreditation.db


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('api_client',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('token_prefix', sa.String(length=12), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', accreditation.db.UTCDateTime(), nullable=False),
    sa.Column('revoked_at', accreditation.db.UTCDateTime(), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('(revoked_at IS NULL) = (revoked_by_id IS NULL)', name=op.f('ck_api_client_revoked_has_who')),
    sa.ForeignKeyConstraint(['created_by_id'], ['person.id'], name=op.f('fk_api_client_created_by_id_person')),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['person.id'], name=op.f('fk_api_client_revoked_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_client')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_client_token_hash'))
    )


def downgrade() -> None:
    op.drop_table('api_client')
