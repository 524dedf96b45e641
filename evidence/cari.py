"""Full-text search over the text of filed evidence and letters: the query a user types, turned
into a structure no database syntax can leak into, and the port the search index implements.

The user's text is read as words (letters and digits; every other character separates them) and
phrases in double quotes. Nothing the user types reaches the database as syntax: each adapter
(storage/db/repo_cari.py: SQLite FTS5, PostgreSQL tsvector) writes its own query from the words,
quoting every one, so "AND", '*', ':', '-', '(' or a stray quote are only text. Words outside
quotes match as prefixes (Indonesian adds suffixes: "pembina" finds "pembinaan"); a phrase
matches its words next to each other. Every part must match (AND).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Protocol

from evidence.records import Surat

MAX_KATA = 12  # parts of one query (words and phrases); the rest is ignored
MAX_PANJANG_KATA = 40  # a longer "word" is cut: nobody searches for it, and it bloats the query
MAX_TEKS_KUERI = 300  # characters of user input read at all
TANDA_AWAL, TANDA_AKHIR = "\x02", "\x03"  # mark a match in a snippet; never in indexed text

_KATA = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Bagian:
    """One part of a query: a word (matched as a prefix) or a phrase (words in order)."""

    kata: tuple[str, ...]
    awalan: bool  # prefix match on the (last) word

    @property
    def frasa(self) -> bool:
        return len(self.kata) > 1


@dataclass(frozen=True)
class Kueri:
    bagian: tuple[Bagian, ...] = ()

    @property
    def kosong(self) -> bool:
        return not self.bagian

    def kata(self) -> list[str]:
        return [k for b in self.bagian for k in b.kata]


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _words(text: str) -> list[str]:
    return [w[:MAX_PANJANG_KATA] for w in _KATA.findall(_normal(text))]


def parse_kueri(teks: str | None) -> Kueri:
    """The user's search text as words and phrases (never an error: odd input is only text)."""
    raw = (teks or "")[:MAX_TEKS_KUERI]
    parts: list[Bagian] = []
    for i, chunk in enumerate(raw.split('"')):
        words = _words(chunk)
        if not words:
            continue
        if i % 2 == 1 and len(words) > 1:  # inside quotes (an unclosed quote runs to the end)
            parts.append(Bagian(tuple(words), awalan=False))
        else:
            parts.extend(Bagian((w,), awalan=True) for w in words)
    unique: list[Bagian] = []
    for b in parts:
        if b not in unique:
            unique.append(b)
    return Kueri(tuple(unique[:MAX_KATA]))


def bersihkan_teks(teks: str) -> str:
    """Extracted text as it is indexed: no NUL (PostgreSQL refuses it), no snippet markers,
    runs of white space as one space."""
    teks = teks.replace("\x00", " ").replace(TANDA_AWAL, " ").replace(TANDA_AKHIR, " ")
    return " ".join(teks.split())


@dataclass(frozen=True)
class Potongan:
    """A piece of a snippet; `cocok` marks the text that matched the query."""

    teks: str
    cocok: bool = False


def potong_cuplikan(snippet: str) -> list[Potongan]:
    """A snippet the database marked with TANDA_AWAL/TANDA_AKHIR, as plain pieces (a page escapes
    each piece and wraps the matching ones, so the document's text is never markup)."""
    out: list[Potongan] = []
    for i, chunk in enumerate(snippet.split(TANDA_AWAL)):
        if i == 0:
            if chunk:
                out.append(Potongan(chunk.replace(TANDA_AKHIR, "")))
            continue
        hit, _, rest = chunk.partition(TANDA_AKHIR)
        if hit:
            out.append(Potongan(hit, True))
        if rest:
            out.append(Potongan(rest))
    return out


@dataclass(frozen=True)
class Temuan:
    """One artefact whose current revision's text matches, as the index found it."""

    artefak_id: int
    kunci: str
    pemilik: str
    ep: str
    item_id: str
    nama_berkas: str
    tahun: int
    status: str
    revisi: int
    skor: float
    cuplikan: list[Potongan] = field(default_factory=list)


@dataclass(frozen=True)
class BelumTerindeks:
    """An artefact whose current revision has no text in the index yet."""

    artefak_id: int
    kunci: str
    nama_berkas: str
    sha256: str
    revisi: int


class CariRepository(Protocol):
    """The search index (SQLite FTS5 or PostgreSQL full-text search), one row per artefact: the
    text of its current revision. A row whose sha256 is not the artefact's is never found."""

    def simpan_teks(self, *, artefak_id: int, revisi: int, sha256: str, teks: str) -> None:
        """Put (or replace) the artefact's text."""
        ...

    def hapus_teks(self, artefak_id: int) -> None: ...

    def rapikan_teks(self) -> int:
        """Drop text left by artefacts no longer on file; how many rows went."""
        ...

    def teks_terindeks(self, artefak_id: int) -> str | None:
        """The sha256 of the revision indexed for the artefact, if any."""
        ...

    def belum_terindeks(self, *, semua: bool = False) -> list[BelumTerindeks]:
        """Artefacts whose current revision is not indexed (all of them with `semua`)."""
        ...

    def cari_teks(self, kueri: Kueri, *, pemilik_in: list[str] | None, batas: int,
                  tahun: int | None = None) -> list[Temuan]:
        """Best matches first; `pemilik_in` None = every owner."""
        ...

    def kunci_cocok(self, kueri: Kueri, *, pemilik_in: list[str] | None) -> set[str]:
        """Object keys of every artefact whose current text matches."""
        ...

    def surat_untuk_kunci(self, kunci: list[str]) -> list[Surat]:
        """The letters whose draft or signed file is one of these objects."""
        ...
