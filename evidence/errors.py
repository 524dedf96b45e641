"""Domain errors. Every message is Bahasa Indonesia: the CLI and API show it to a clerk as is."""


class EvidenceError(Exception):
    """Base of every domain error; `str(err)` is the message for the user."""


class CatalogueError(EvidenceError):
    """The catalogue data file is malformed (unknown type, duplicate id, ...)."""


class InputError(EvidenceError):
    """The user gave a bad value: a wrong file, a missing field, a date that is not a date."""


class NotFound(EvidenceError):
    """A Puskesmas, an item, an artefact or a letter that does not exist."""


class Conflict(EvidenceError):
    """The request contradicts what is stored (e.g. different content under an existing key)."""


class RowError:
    """One rejected row of an import: line, field and reason."""

    def __init__(self, line: int, field: str, reason: str):
        self.line, self.field, self.reason = line, field, reason

    def __str__(self) -> str:
        return f"baris {self.line}, kolom '{self.field}': {self.reason}"


class ImportRejected(InputError):
    """An all-or-nothing import refused: carries every rejected row."""

    def __init__(self, source: str, rows: list[RowError]):
        self.rows = rows
        lines = "\n".join(f"  - {r}" for r in rows)
        super().__init__(f"Impor {source} ditolak, tidak ada data yang disimpan:\n{lines}")


class DatabaseUnavailable(EvidenceError):
    """The database cannot be used: not reachable, full, read-only, busy, or not set up.

    `sebab` names the cause for the program (tidak_terhubung, penuh, hanya_baca, sibuk,
    belum_disiapkan, lainnya); `sementara`: trying again later can help (flows retry those);
    `pasti_gagal`: the change was certainly not stored (False when a connection died during the
    commit, so that nobody can know without looking).
    """

    def __init__(self, sebab: str, message: str, *, sementara: bool = True, pasti_gagal: bool = True):
        self.sebab = sebab
        self.sementara = sementara
        self.pasti_gagal = pasti_gagal
        super().__init__(message)


class DatabaseNotSetUp(DatabaseUnavailable):
    """The database has no tables yet: `tpcb init` has not been run. Trying again cannot help."""

    def __init__(self, message: str, *, pasti_gagal: bool = True):
        super().__init__("belum_disiapkan", message, sementara=False, pasti_gagal=pasti_gagal)
