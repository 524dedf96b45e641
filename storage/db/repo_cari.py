"""The search index (evidence.cari.CariRepository) on SQLite FTS5 and PostgreSQL full-text search
(mixin of SqlRepository; the table comes from migration 0012).

The query text is written here from evidence.cari.Kueri: every word is quoted, so nothing the
user typed is FTS5 or tsquery syntax. Only rows whose sha256 is the artefact's current one are
found: a revision filed but not yet indexed shows nothing old.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, text
from sqlmodel import Session, col, or_, select

from evidence.cari import (
    TANDA_AKHIR,
    TANDA_AWAL,
    BelumTerindeks,
    Kueri,
    Temuan,
    potong_cuplikan,
)
from evidence.records import Surat

MAX_KUNCI = 5000  # keys handed to a caller filtering a list (the letter register)
_KOLOM = ("a.id, a.kunci, a.pemilik, a.ep, a.item_id, a.nama_berkas, a.tahun, a.status, "
          "a.revisi")
_HEADLINE = (f"StartSel={TANDA_AWAL}, StopSel={TANDA_AKHIR}, MaxWords=28, MinWords=10, "
             "MaxFragments=2, FragmentDelimiter=\" … \"")


def fts5_match(kueri: Kueri) -> str:
    """The FTS5 MATCH expression: "kata"* for a word, "kata kata" for a phrase, all ANDed."""
    parts = []
    for b in kueri.bagian:
        quoted = '"' + " ".join(b.kata).replace('"', '""') + '"'
        parts.append(quoted + ("*" if b.awalan else ""))
    return " AND ".join(parts)


def tsquery(kueri: Kueri) -> str:
    """The to_tsquery text: 'kata':* for a word, ('a' <-> 'b') for a phrase, all ANDed."""
    def lit(word: str) -> str:
        return "'" + word.replace("'", "''").replace("\\", "\\\\") + "'"

    parts = []
    for b in kueri.bagian:
        if b.frasa:
            parts.append("(" + " <-> ".join(lit(w) for w in b.kata) + ")")
        else:
            parts.append(lit(b.kata[0]) + (":*" if b.awalan else ""))
    return " & ".join(parts)


class CariRepository:
    """Needs `self.session` (a SQLModel Session)."""

    session: Session

    def _pg(self) -> bool:
        return self.session.get_bind().dialect.name == "postgresql"

    def simpan_teks(self, *, artefak_id: int, revisi: int, sha256: str, teks: str) -> None:
        row = {"id": artefak_id, "r": revisi, "s": sha256, "t": teks}
        if self._pg():
            self.session.execute(text(
                "INSERT INTO teks_artefak (artefak_id, revisi, sha256, teks) VALUES (:id, :r, :s, :t) "
                "ON CONFLICT (artefak_id) DO UPDATE SET revisi = excluded.revisi, "
                "sha256 = excluded.sha256, teks = excluded.teks "
                "WHERE teks_artefak.revisi <= excluded.revisi"), row)  # never an older revision
            return
        self.session.execute(text("DELETE FROM teks_artefak WHERE rowid = :id"), row)
        self.session.execute(text(
            "INSERT INTO teks_artefak (rowid, teks, sha256, revisi) VALUES (:id, :t, :s, :r)"), row)

    def hapus_teks(self, artefak_id: int) -> None:
        column = "artefak_id" if self._pg() else "rowid"
        self.session.execute(text(f"DELETE FROM teks_artefak WHERE {column} = :id"), {"id": artefak_id})

    def teks_terindeks(self, artefak_id: int) -> str | None:
        column = "artefak_id" if self._pg() else "rowid"
        return self.session.execute(text(f"SELECT sha256 FROM teks_artefak WHERE {column} = :id"),
                                    {"id": artefak_id}).scalar_one_or_none()

    def rapikan_teks(self) -> int:
        """Drop the text of artefacts no longer on file (PostgreSQL's foreign key does it there)."""
        if self._pg():
            return 0
        result: Any = self.session.execute(text(
            "DELETE FROM teks_artefak WHERE rowid NOT IN (SELECT id FROM artefak)"))
        return result.rowcount or 0

    def belum_terindeks(self, *, semua: bool = False) -> list[BelumTerindeks]:
        join = "t.artefak_id" if self._pg() else "t.rowid"
        where = "" if semua else f" WHERE {join} IS NULL OR t.sha256 <> a.sha256"
        rows = self.session.execute(text(
            "SELECT a.id, a.kunci, a.nama_berkas, a.sha256, a.revisi FROM artefak a "
            f"LEFT JOIN teks_artefak t ON {join} = a.id{where} ORDER BY a.id"))
        return [BelumTerindeks(*r) for r in rows]

    def _saring(self, pemilik_in: list[str] | None, tahun: int | None) -> tuple[str, dict, list]:
        where, params, binds = "", dict[str, Any](), list[Any]()
        if pemilik_in is not None:
            where += " AND a.pemilik IN :pemilik"
            params["pemilik"] = list(pemilik_in) or ["\x00"]
            binds.append(bindparam("pemilik", expanding=True))
        if tahun is not None:
            where += " AND a.tahun = :tahun"
            params["tahun"] = tahun
        return where, params, binds

    def cari_teks(self, kueri: Kueri, *, pemilik_in: list[str] | None, batas: int,
                  tahun: int | None = None) -> list[Temuan]:
        if kueri.kosong:
            return []
        where, params, binds = self._saring(pemilik_in, tahun)
        params["n"] = batas
        if self._pg():
            params.update(q=tsquery(kueri), opsi=_HEADLINE)
            sql = (
                f"WITH q AS (SELECT to_tsquery('simple', :q) AS q), hit AS ("
                f" SELECT {_KOLOM}, ts_rank(t.dokumen, q.q) AS skor, t.teks"
                f" FROM teks_artefak t JOIN artefak a ON a.id = t.artefak_id, q"
                f" WHERE t.dokumen @@ q.q AND t.sha256 = a.sha256{where}"
                f" ORDER BY skor DESC, a.id LIMIT :n)"
                " SELECT hit.id, hit.kunci, hit.pemilik, hit.ep, hit.item_id, hit.nama_berkas,"
                " hit.tahun, hit.status, hit.revisi, hit.skor,"
                " ts_headline('simple', hit.teks, q.q, :opsi) FROM hit, q ORDER BY hit.skor DESC, hit.id")
        else:
            params.update(q=fts5_match(kueri), a=TANDA_AWAL, b=TANDA_AKHIR)
            # the best `n` first, then a snippet for those only (not for every match)
            sql = (
                "WITH hit AS ("
                " SELECT a.id AS id, -bm25(teks_artefak) AS skor"
                " FROM teks_artefak JOIN artefak a ON a.id = teks_artefak.rowid"
                f" WHERE teks_artefak MATCH :q AND teks_artefak.sha256 = a.sha256{where}"
                " ORDER BY skor DESC, a.id LIMIT :n)"
                f" SELECT {_KOLOM}, hit.skor, snippet(teks_artefak, 0, :a, :b, ' … ', 24)"
                " FROM hit JOIN teks_artefak ON teks_artefak.rowid = hit.id"
                " JOIN artefak a ON a.id = hit.id"
                " WHERE teks_artefak MATCH :q ORDER BY hit.skor DESC, a.id")
        rows = self.session.execute(text(sql).bindparams(*binds), params)
        return [Temuan(artefak_id=r[0], kunci=r[1], pemilik=r[2], ep=r[3], item_id=r[4],
                       nama_berkas=r[5], tahun=r[6], status=r[7], revisi=r[8], skor=float(r[9]),
                       cuplikan=potong_cuplikan(r[10] or "")) for r in rows]

    def kunci_cocok(self, kueri: Kueri, *, pemilik_in: list[str] | None) -> set[str]:
        if kueri.kosong:
            return set()
        where, params, binds = self._saring(pemilik_in, None)
        params["n"] = MAX_KUNCI
        if self._pg():
            params["q"] = tsquery(kueri)
            sql = ("SELECT a.kunci FROM teks_artefak t JOIN artefak a ON a.id = t.artefak_id"
                   f" WHERE t.dokumen @@ to_tsquery('simple', :q) AND t.sha256 = a.sha256{where} LIMIT :n")
        else:
            params["q"] = fts5_match(kueri)
            sql = ("SELECT a.kunci FROM teks_artefak JOIN artefak a ON a.id = teks_artefak.rowid"
                   f" WHERE teks_artefak MATCH :q AND teks_artefak.sha256 = a.sha256{where} LIMIT :n")
        return {r[0] for r in self.session.execute(text(sql).bindparams(*binds), params)}

    def surat_untuk_kunci(self, kunci: list[str]) -> list[Surat]:
        """The letters whose draft or signed file is one of these objects (one query)."""
        if not kunci:
            return []
        q = select(Surat).where(or_(col(Surat.artefak_draf).in_(kunci), col(Surat.artefak_final).in_(kunci)))
        return list(self.session.exec(q))
