"""dasar hukum kantor: keputusan standar akreditasi dan daftar Mengingat SK TPCB (opsional)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('dinkes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dasar_hukum', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('dinkes', schema=None) as batch_op:
        batch_op.drop_column('dasar_hukum')
