"""teks_artefak: indeks teks lengkap isi artefak (surat dan bukti) untuk pencarian

SQLite: tabel virtual FTS5 (rowid = artefak.id). PostgreSQL: tabel dengan kolom tsvector
terbangkit (konfigurasi 'simple': tanpa kamus, huruf kecil; tanda baca jadi pemisah seperti di
FTS5) dan indeks GIN. Satu baris per artefak: teks revisi terbarunya (sha256 menandainya).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29
"""
from alembic import op


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE teks_artefak USING fts5("
                   "teks, sha256 UNINDEXED, revisi UNINDEXED, "
                   "tokenize = 'unicode61 remove_diacritics 2')")
        return
    op.execute("""
        CREATE TABLE teks_artefak (
            artefak_id integer PRIMARY KEY REFERENCES artefak (id) ON DELETE CASCADE,
            revisi integer NOT NULL,
            sha256 varchar NOT NULL,
            teks text NOT NULL,
            dokumen tsvector GENERATED ALWAYS AS (
                to_tsvector('simple'::regconfig, regexp_replace(teks, '[^[:alnum:]]+', ' ', 'g'))
            ) STORED
        )""")
    op.execute("CREATE INDEX ix_teks_artefak_dokumen ON teks_artefak USING gin (dokumen)")


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS teks_artefak")
