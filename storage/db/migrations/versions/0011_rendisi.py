"""rendisi: PDF yang dibuat sekali dari artefak .docx/.xlsx, dicatat pada baris artefaknya

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('artefak', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pdf_kunci', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('pdf_sha256', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('pdf_sumber', sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('artefak', schema=None) as batch_op:
        batch_op.drop_column('pdf_sumber')
        batch_op.drop_column('pdf_sha256')
        batch_op.drop_column('pdf_kunci')
