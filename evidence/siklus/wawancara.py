"""Preparing the interviews (W items): one panduan wawancara per W item, Puskesmas and year,
naming the interviewees and the R/D evidence the interview is about.

A panduan is made only when every role of the item has a named person; it proves preparation,
never that an interview was held (the surveyor judges the interview itself).
"""

from __future__ import annotations

from datetime import date

from evidence.completeness import interviewees_for
from evidence.dokumen import DocumentRequest, issue_document
from evidence.errors import NotFound
from evidence.records import FINAL
from evidence.registry import require_office
from evidence.siklus.konteks import images, kop, puskesmas_ref
from evidence.siklus.ports import Ctx


def siapkan(c: Ctx, tahun: int, kode: str, tanggal: date) -> dict[str, str]:
    """Make the missing guides of the year; returns {item id: what happened} for the summary."""
    pkm = c.repo.puskesmas(kode)
    if pkm is None:
        raise NotFound(f"Puskesmas dengan kode '{kode}' tidak terdaftar.")
    office, tim = require_office(c.repo), c.repo.tim()
    people = interviewees_for(pkm, tim)
    jabatan = {m.nama: m.jabatan for m in tim if kode in m.puskesmas_binaan}
    roles = c.catalogue.roles
    out = {}
    for item in (i for i in c.catalogue.items() if i.type == "W"):
        missing = [roles[r] for r in item.interviewees if not people.get(r)]
        if missing:
            out[item.id] = "narasumber belum ditetapkan: " + ", ".join(missing)
            continue
        element = c.catalogue.element(item.ep)
        narasumber = [dict(peran=roles[r], nama=n, jabatan=jabatan.get(n, "") if r == "tpcb" else "")
                      for r in item.interviewees for n in people[r]]
        ctx = dict(kop=kop(office), tahun=tahun, puskesmas=puskesmas_ref(pkm),
                   kriteria=c.catalogue.criterion, ep=dict(kode=element.code, judul=element.title),
                   butir_id=item.id, butir_judul=item.title, narasumber=narasumber,
                   pertanyaan=list(item.pertanyaan),
                   bukti=[f"{i.id} ({i.type}): {i.title}" for i in element.items if i.type != "W"])
        _, created = issue_document(c.uow, c.store, c.catalogue, c.render, DocumentRequest(
            templat="panduan_wawancara", sumber=f"panduan:{item.id}:{kode}:{tahun}", item_id=item.id,
            pemilik=kode, tanggal=tanggal, tahun=tahun, context=ctx, images=images(office),
            status=FINAL), max_bytes=c.max_bytes)
        out[item.id] = "dibuat" if created else "sudah ada"
    return out
