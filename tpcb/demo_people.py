"""What people do between the demo's runs: the Kepala Dinas and the Ketua TPCB sign, the
Puskesmas acknowledges receipt and works through its follow-ups, a surveyor assesses. Stronger
Puskesmas (earlier in code order) do more."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import groupby

from evidence import akses, penilaian
from evidence.dokumen import dokumen_belum_ttd, sahkan
from evidence.letters import label, record_receipt, sign_letter
from evidence.nomor_banyak import beri_nomor_banyak
from evidence.records import DINKES
from evidence.registry import require_office
from evidence.siklus.konteks import penandatangan_dokumen
from evidence.status import AksiTugas, StatusSurat, StatusTugas
from evidence.tindak_lanjut import update_status
from tpcb import demo_tte
from tpcb.demo_files import text_pdf
from tpcb.wiring import App

RECEIPT = ("nota_dinas_laporan", "surat_umpan_balik_pembinaan", "surat_umpan_balik_pkp",
           "surat_tindak_lanjut_lokmin")


def signed_pdfs(app: App, drafts: dict[str, str]) -> dict[str, bytes]:
    """The signed PDF of each draft (name -> object key): its own text through LibreOffice."""
    from doc_templates.pdf import PdfError, convert_batch

    docs = {name: app.store.get(key) for name, key in drafts.items()}
    try:
        return convert_batch(docs) if docs else {}
    except PdfError:
        return {n: text_pdf([n, "Ditandatangani (contoh)"], "Dokumen") for n in docs}


def sign_and_receive(app: App, tahun: int, kodes: list[str], today: date) -> int:
    """The office dates, numbers and signs what it drafted for the stronger Puskesmas (and its own
    letters), in date order; only the surat tugas of the middle one. Documents are signed too."""
    from doc_templates import catalogue as templates

    owners = (DINKES, *kodes[:2])
    limit = app.settings.max_upload_bytes
    with app.uow() as uow:
        repo = uow.repo
        letters = sorted((s for s in repo.surat_list(tahun=tahun, status=StatusSurat.DRAFT)
                          if (s.pemilik in owners or (s.pemilik == kodes[2] and s.jenis == "surat_tugas"))
                          and s.tanggal <= today), key=lambda s: (s.tanggal, s.id))
        for day, same_day in groupby(letters, key=lambda s: s.tanggal):  # on their planned day
            beri_nomor_banyak(uow, app.store, app.catalogue, app.render_banyak,
                              [label(s) for s in same_day], tanggal=day, today=today,
                              max_bytes=limit)
        docs = [a for a in dokumen_belum_ttd(repo, app.catalogue, tahun) if a.pemilik in owners]
        pdfs = signed_pdfs(app, {**{label(s): s.artefak_draf for s in letters if s.artefak_draf},
                                 **{a.kunci: a.kunci for a in docs}})
        office = require_office(repo)
        kepala = demo_tte.siapkan(app, office.kepala_nama, office.kepala_nip)
        for s in letters:  # the Kepala Dinas signs electronically; the others sign and scan
            pdf = pdfs[label(s)]  # its number: every one of them was numbered above
            if s.penandatangan == office.kepala_nama:
                pdf = app.tandatangani(pdf, kepala, alasan=f"Penandatanganan surat {s.nomor}")
            signed = sign_letter(uow, app.store, app.catalogue, label(s), pdf,
                                 tanggal=s.tanggal, max_bytes=limit, periksa=app.periksa_tte)
            if signed.templat in RECEIPT:
                record_receipt(repo, label(s), s.tanggal + timedelta(days=2))
        for a in docs:
            oleh = penandatangan_dokumen(repo, templates(), a.sumber)
            sahkan(uow, app.store, app.catalogue, a.kunci, oleh=oleh,
                   tanggal=a.tanggal + timedelta(days=1), signed=(pdfs[a.kunci], "ttd.pdf"),
                   max_bytes=limit, periksa=app.periksa_tte)
    return len(letters) + len(docs)


def follow_up(app: App, tahun: int, kode: str, today: date) -> int:
    """The Puskesmas does, proves and gets verified every follow-up task it was given."""
    moved = 0
    with app.uow() as uow:
        for task in uow.repo.tindak_lanjut_list(puskesmas=kode, tahun=tahun):
            assert task.id is not None  # a stored row
            path = ([AksiTugas.DIKERJAKAN, AksiTugas.SELESAI, AksiTugas.DIVERIFIKASI]
                    if task.status == StatusTugas.TERBUKA else [AksiTugas.SELESAI, AksiTugas.DIVERIFIKASI]
                    if task.status in (StatusTugas.DIKERJAKAN, StatusTugas.DIESKALASI) else [])
            for status in path:
                proof = (text_pdf([f"Bukti tindak lanjut #{task.id}", task.masalah[:80]], "Bukti"),
                         f"bukti_{task.id}.pdf") if status == AksiTugas.SELESAI else None
                update_status(uow, app.store, app.catalogue, task.id, status, oleh="PJ Mutu",
                              bukti=proof, catatan=None, today=today,
                              max_bytes=app.settings.max_upload_bytes)
                moved += 1
    return moved


ASESMEN = {  # ep: (nilai, fakta dan analisis, rekomendasi)
    "e": ("TS", "RUK dan RPK ada dan ditandatangani, tetapi RUK belum menunjukkan keterkaitan dengan "
                "rencana lima tahunan pada setiap usulan kegiatan.",
          "Cantumkan rujukan rencana lima tahunan pada setiap baris usulan RUK."),
}


def surveyor_assessment(app: App, tahun: int, kode: str) -> int:
    """The demo surveyor assesses one Puskesmas: the evidence's grade, except where noted."""
    from evidence.completeness import evaluate

    with app.repo() as repo:
        user = repo.pengguna("surveior")
        assert user is not None  # made by demo_users before the assessment
        who = akses.actor(user)
        result = evaluate(repo, app.catalogue, tahun, kode=kode, rule=app.scoring)[0]
        for e in result.elements:
            nilai, fakta, rek = ASESMEN.get(e.code, (e.grade, f"Bukti EP {e.code}) ditelusuri dan "
                                                             "sesuai; wawancara mendukung.", "-"))
            penilaian.set_nilai(repo, app.catalogue, who, kode=kode, tahun=tahun, ep=e.code,
                                nilai=nilai, fakta=fakta, rekomendasi=rek)
    return len(result.elements)
