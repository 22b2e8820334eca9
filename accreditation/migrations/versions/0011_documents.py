"""Rendered documents

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23 17:37:05.397391
"""
from alembic import op
import sqlalchemy as sa
import accreditation.db


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=20), nullable=False),
    sa.Column('edition', sa.Integer(), nullable=False),
    sa.Column('storage_key', sa.String(length=100), nullable=True),
    sa.Column('size', sa.Integer(), nullable=True),
    sa.Column('requested_at', accreditation.db.UTCDateTime(), nullable=False),
    sa.Column('ready_at', accreditation.db.UTCDateTime(), nullable=True),
    sa.CheckConstraint('(storage_key IS NULL) = (ready_at IS NULL)', name=op.f('ck_document_ready_has_file')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document')),
    sa.UniqueConstraint('kind', 'subject_id', 'language', 'edition', name=op.f('uq_document_kind_subject_id_language_edition'))
    )


def downgrade() -> None:
    op.drop_table('document')
