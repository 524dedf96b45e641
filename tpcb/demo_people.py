"""What people do between the demo's runs: the Kepala Dinas signs, the Puskesmas acknowledges
receipt and works through its follow-ups. Stronger Puskesmas (earlier in code order) do more."""

from __future__ import annotations

from datetime import date, timedelta

from evidence.letters import record_receipt, sign_letter
from evidence.records import DINKES, DRAFT, FINAL
from evidence.registry import FileRequest, file_artefact
from evidence.tindak_lanjut import update_status
from tpcb.demo_files import text_pdf
from tpcb.wiring import App

RECEIPT = ("nota_dinas_laporan", "surat_umpan_balik_pembinaan", "surat_umpan_balik_pkp",
           "surat_tindak_lanjut_lokmin")


def signed_pdfs(app: App, letters) -> dict[str, bytes]:
    """The signed PDF of each letter: its own text through LibreOffice (a scan otherwise)."""
    from doc_templates.pdf import PdfError, convert_batch

    docs = {s.nomor: app.store.get(s.artefak_draf) for s in letters}
    try:
        return convert_batch(docs) if docs else {}
    except PdfError:
        return {n: text_pdf([f"Nomor {n}", "Ditandatangani secara elektronik (contoh)"], "Surat")
                for n in docs}


def sign_and_receive(app: App, tahun: int, kodes: list[str]) -> int:
    """Sign every letter of the stronger Puskesmas; only the surat tugas of the middle one."""
    with app.repo() as repo:
        drafts = [s for s in repo.surat_list(tahun=tahun, status=DRAFT)
                  if s.pemilik == DINKES or s.pemilik in kodes[:2]
                  or (s.pemilik == kodes[2] and s.jenis == "surat_tugas")]
        pdfs = signed_pdfs(app, drafts)
        for s in drafts:
            signed = sign_letter(repo, app.store, app.catalogue, s.nomor, pdfs[s.nomor],
                                 tanggal=s.tanggal + timedelta(days=1),
                                 max_bytes=app.settings.max_upload_bytes)
            if signed.templat in RECEIPT:
                record_receipt(repo, s.nomor, s.tanggal + timedelta(days=2))
        for kode in kodes[:2]:
            _signed_attendance(app, repo, tahun, kode)
    return len(drafts)


def _signed_attendance(app: App, repo, tahun: int, kode: str) -> None:
    visit = repo.kunjungan_find(tahun, kode, "pendampingan")
    file_artefact(repo, app.store, app.catalogue, FileRequest(
        data=text_pdf([f"Daftar hadir pendampingan RUK/RPK {kode}", "Ditandatangani peserta."],
                      "Daftar Hadir"), filename=f"daftar_hadir_ttd_{kode}.pdf", item_id="e-d3",
        pemilik=kode, tahun=tahun, tanggal=visit.tanggal, status=FINAL, sumber="unggah:e-d3"),
        max_bytes=app.settings.max_upload_bytes)


def follow_up(app: App, tahun: int, kode: str, today: date) -> int:
    """The Puskesmas does, proves and gets verified every follow-up task it was given."""
    moved = 0
    with app.repo() as repo:
        for task in repo.tindak_lanjut_list(puskesmas=kode, tahun=tahun):
            path = (["dikerjakan", "selesai", "diverifikasi"] if task.status == "terbuka" else
                    ["selesai", "diverifikasi"] if task.status in ("dikerjakan", "dieskalasi") else [])
            for status in path:
                proof = (text_pdf([f"Bukti tindak lanjut #{task.id}", task.masalah[:80]], "Bukti"),
                         f"bukti_{task.id}.pdf") if status == "selesai" else None
                update_status(repo, app.store, app.catalogue, task.id, status, oleh="PJ Mutu",
                              bukti=proof, catatan=None, today=today,
                              max_bytes=app.settings.max_upload_bytes)
                moved += 1
    return moved
