"""nomor saat ditandatangani: draf tanpa nomor, konteks surat untuk dirender ulang bernomor,
tugas tindak lanjut yang terbuka saat surat dikirim, nomor sisipan

Surat yang sudah ada tetap bernomor seperti semula (drafnya sudah memuat nomor); seri
penomorannya diisi dari pola kantor agar urutan tanggal berikutnya dapat diperiksa.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('surat', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sisipan', sqlmodel.sql.sqltypes.AutoString(), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('seri', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('konteks', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('tugas', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('bernomor_dirender', sa.Boolean(), nullable=False,
                                      server_default=sa.true()))
        batch_op.add_column(sa.Column('dinomori_pada', sa.DateTime(), nullable=True))
        batch_op.alter_column('nomor', existing_type=sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        batch_op.alter_column('urut', existing_type=sa.Integer(), nullable=True)
        batch_op.drop_constraint('uq_surat_urut', type_='unique')
        batch_op.create_unique_constraint('uq_surat_urut', ['tahun', 'jenis', 'urut', 'sisipan'])
    _fill_seri()


def _fill_seri() -> None:
    """The series each existing number was drawn from, by the office's own pattern."""
    from evidence.numbering import seri
    from evidence.records import Office

    conn = op.get_bind()
    row = conn.execute(sa.text("SELECT penomoran FROM dinkes ORDER BY id LIMIT 1")).first()
    if row is None:
        return
    penomoran = row[0]
    if isinstance(penomoran, str):
        import json

        penomoran = json.loads(penomoran)
    office = Office(nama="", kabupaten="", kode_wilayah="", kota="", alamat="", telepon="",
                    email="", kepala_nama="", kepala_nip="", kepala_pangkat="",
                    penomoran=penomoran or {})
    letters = conn.execute(sa.text("SELECT id, jenis, tahun FROM surat WHERE nomor IS NOT NULL")).all()
    for id_, jenis, tahun in letters:
        conn.execute(sa.text("UPDATE surat SET seri = :s WHERE id = :i"),
                     {"s": seri(office, jenis, tahun), "i": id_})


def downgrade() -> None:
    op.execute("DELETE FROM surat WHERE nomor IS NULL")
    with op.batch_alter_table('surat', schema=None) as batch_op:
        batch_op.drop_constraint('uq_surat_urut', type_='unique')
        batch_op.create_unique_constraint('uq_surat_urut', ['tahun', 'jenis', 'urut'])
        batch_op.alter_column('urut', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('nomor', existing_type=sqlmodel.sql.sqltypes.AutoString(), nullable=False)
        batch_op.drop_column('dinomori_pada')
        batch_op.drop_column('bernomor_dirender')
        batch_op.drop_column('tugas')
        batch_op.drop_column('konteks')
        batch_op.drop_column('seri')
        batch_op.drop_column('sisipan')
