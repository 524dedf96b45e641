"""Electronic signatures (tanda tangan elektronik, TTE) as the records state them: who signed,
when, which issuer, whether the document is intact and the certificate trusted. The PDF work is
done by an adapter (doc_templates.tte, pyHanko); this module only holds and words the result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

SAH, TIDAK_SAH, TANPA_TTE = "sah", "tidak_sah", "tanpa_tte"


@dataclass(frozen=True)
class TandaTangan:
    nama: str  # the certificate's common name
    nik_nip: str  # the subject's serialNumber where present (NIK or NIP)
    waktu: str  # the signing time the signature reports (ISO)
    penerbit: str  # the issuer's common name
    utuh: bool  # the signed bytes are unchanged
    dipercaya: bool  # the certificate chains to a trusted root and was valid then
    masalah: str = ""  # why not, in plain Indonesian


@dataclass(frozen=True)
class HasilTte:
    status: str  # sah | tidak_sah | tanpa_tte
    tanda_tangan: tuple[TandaTangan, ...] = field(default_factory=tuple)

    @property
    def label(self) -> str:
        if self.status == TANPA_TTE:
            return "tanpa TTE (pindaian)"
        names = ", ".join(t.nama for t in self.tanda_tangan)
        if self.status == SAH:
            return f"TTE sah ({names})"
        problems = "; ".join(dict.fromkeys(t.masalah for t in self.tanda_tangan if t.masalah))
        return f"TTE tidak sah: {problems}"

    def to_json(self) -> dict:
        return {"status": self.status, "label": self.label,
                "tanda_tangan": [asdict(t) for t in self.tanda_tangan]}

    @classmethod
    def from_json(cls, data: dict | None) -> HasilTte | None:
        if not data:
            return None
        return cls(data["status"], tuple(TandaTangan(**t) for t in data.get("tanda_tangan", [])))


Periksa = Callable[[bytes], HasilTte]  # the port: PDF bytes -> what its signatures prove


def dari_tanda_tangan(items: list[TandaTangan]) -> HasilTte:
    if not items:
        return HasilTte(TANPA_TTE)
    ok = all(t.utuh and t.dipercaya for t in items)
    return HasilTte(SAH if ok else TIDAK_SAH, tuple(items))
