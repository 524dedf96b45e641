"""The evidence bundle of one Puskesmas, planned as plain values: which final artefacts go in, in
which order, under which bookmark, at which path of the ZIP; its manifest and its index.html.

The IO (fetching bytes, converting to PDF, writing the ZIP) lives in tpcb.services.bundle.
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass, field
from datetime import date

from evidence.aturan import LABEL, Status, in_window
from evidence.catalogue import Catalogue, Item
from evidence.completeness import PuskesmasCompleteness
from evidence.records import DINKES, FINAL, Artefact

IMAGE_TYPES = ("image/png", "image/jpeg")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class BundleFile:
    artefact: Artefact
    path: str  # path inside the ZIP: EP-c/c-d3/<file>

    @property
    def kind(self) -> str:
        ct = self.artefact.content_type
        if ct == "application/pdf":
            return "pdf"
        if ct == DOCX_TYPE:
            return "docx"
        if ct == XLSX_TYPE:
            return "xlsx"
        if ct in IMAGE_TYPES:
            return "image"
        return "lain"


@dataclass
class BundleItem:
    item: Item
    status: Status
    alasan: str
    interviewees: dict[str, list[str]] = field(default_factory=dict)
    files: list[BundleFile] = field(default_factory=list)


@dataclass
class BundleSection:
    code: str
    title: str
    grade: str
    score: int
    items: list[BundleItem]


@dataclass
class BundlePlan:
    kode: str
    nama: str
    tahun: int
    ep: str | None
    total: int
    maksimum: int
    kantor: str
    sections: list[BundleSection]

    @property
    def files(self) -> list[BundleFile]:
        return [f for s in self.sections for i in s.items for f in i.files]


def _counts(item: Item, a: Artefact, kode: str, tahun: int) -> bool:
    owner = DINKES if item.scope == "dinkes" else kode
    return (a.status == FINAL and a.item_id == item.id and a.pemilik == owner and a.tahun <= tahun
            and in_window(item, a, tahun))


def plan_bundle(catalogue: Catalogue, result: PuskesmasCompleteness, artefacts: list[Artefact], *,
                ep: str | None = None, kantor: str = "") -> BundlePlan:
    """Every final artefact still in its recency window, per EP and item, in catalogue order."""
    if ep is not None:
        catalogue.element(ep)  # NotFound for an unknown EP
    kode, tahun = result.puskesmas.kode, result.tahun
    sections = []
    for status in result.elements:
        if ep is not None and status.code != ep:
            continue
        element = catalogue.element(status.code)
        items = []
        for s in status.items:
            chosen = sorted((a for a in artefacts if _counts(s.item, a, kode, tahun)),
                            key=lambda a: (a.tanggal, a.kunci))
            files = [BundleFile(a, f"EP-{element.code}/{s.item.id}/{a.nama_berkas}") for a in chosen]
            items.append(BundleItem(s.item, s.status, s.alasan, dict(s.narasumber), files))
        sections.append(BundleSection(element.code, element.title, status.grade, status.score, items))
    return BundlePlan(kode, result.puskesmas.nama, tahun, ep, result.total, result.maximum, kantor,
                      sections)


def ep_title(section: BundleSection) -> str:
    return f"EP {section.code}) {short(section.title, 90)}"


def item_title(bi: BundleItem) -> str:
    return f"{bi.item.id} ({bi.item.type}) {short(bi.item.title, 80)}"


def short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bundle_name(plan: BundlePlan, ext: str) -> str:
    part = f"_EP-{plan.ep}" if plan.ep else ""
    return f"bundel_{plan.kode}_{plan.tahun}{part}.{ext}"


def cover_lines(plan: BundlePlan, today: date) -> list[str]:
    scope = f"EP {plan.ep})" if plan.ep else "EP a) sampai h)"
    return [f"Puskesmas: {plan.nama} ({plan.kode})", f"Tahun penilaian: {plan.tahun}",
            f"Cakupan: Kriteria 1.7.1, {scope}",
            f"Skor sementara: {plan.total}/{plan.maksimum} (sementara; penilaian akhir oleh surveior)",
            f"Jumlah artefak final: {len(plan.files)}", f"Disusun: {today.isoformat()} oleh {plan.kantor}"]


def item_lines(bi: BundleItem, roles: dict[str, str]) -> list[str]:
    """What the EP page says about one item: status, files, and for W the interviewees."""
    lines = [f"{item_title(bi)}: {LABEL.get(bi.status, bi.status)}", f"    {bi.alasan}"]
    for f in bi.files:
        lines.append(f"    - {f.artefact.nama_berkas} (tanggal {f.artefact.tanggal.isoformat()})")
    if bi.item.type == "W":
        for role, names in bi.interviewees.items():
            who = ", ".join(names) if names else "BELUM DITUNJUK"
            lines.append(f"    Narasumber {roles.get(role, role)}: {who}")
    elif not bi.files:
        lines.append("    (belum ada artefak final)")
    return lines


def manifest(files: dict[str, bytes]) -> str:
    """sha256sum format: `<sha256>  <path>` per line, sorted by path."""
    return "".join(f"{hashlib.sha256(data).hexdigest()}  {path}\n" for path, data in sorted(files.items()))


def index_html(plan: BundlePlan, today: date) -> str:
    """A self-contained page listing every file of the ZIP by EP and item (links are relative)."""
    e = html.escape
    rows = []
    for s in plan.sections:
        rows.append(f"<h2>{e(ep_title(s))} <small>{s.grade} {s.score}</small></h2>\n<ul>")
        for bi in s.items:
            links = "".join(f'<li><a href="{e(f.path)}">{e(f.artefact.nama_berkas)}</a> '
                            f"({f.artefact.tanggal.isoformat()}, sha256 {f.artefact.sha256[:12]}…)</li>"
                            for f in bi.files)
            people = "".join(f"<li>{e(r)}: {e(', '.join(n) or 'belum ditunjuk')}</li>"
                             for r, n in bi.interviewees.items())
            status = f"{LABEL.get(bi.status, bi.status)}: {bi.alasan}"
            rows.append(f"<li><b>{e(bi.item.id)}</b> ({e(bi.item.type)}) {e(bi.item.title)} — "
                        f"<i>{e(status)}</i><ul>{links}{people}</ul></li>")
        rows.append("</ul>")
    cover = "".join(f"<li>{e(line)}</li>" for line in cover_lines(plan, today))
    return ("<!doctype html>\n<html lang=\"id\"><head><meta charset=\"utf-8\">"
            f"<title>Bundel bukti {e(plan.kode)} {plan.tahun}</title></head><body>\n"
            f"<h1>Bundel bukti akreditasi Kriteria 1.7.1</h1>\n<ul>{cover}</ul>\n"
            + "\n".join(rows)
            + "\n<p>Periksa keutuhan berkas: <code>sha256sum -c manifest.sha256</code></p>\n</body></html>\n")
