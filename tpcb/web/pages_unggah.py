"""Upload where the gap is: the "Unggah" control of a butir row on the matrix page.

The same use case and rules as the CLI and the API (tpcb.services.artefak.upload): role, scope,
the registry's checks, audit. A script (static/unggah_butir.js) sends one file per request and
reads the JSON answer; without a script the form posts every chosen file and lands back on the
matrix with a banner (tpcb.web.kilas)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response

from evidence import akses
from evidence.akses import TidakBerwenang
from evidence.errors import EvidenceError, InputError
from evidence.records import DINKES
from tpcb.services.artefak import kalimat_unggah, upload
from tpcb.services.presenters import artefact_json
from tpcb.web import kilas
from tpcb.web.common import read_upload
from tpcb.web.deps import AppDep, SignerDep, UowDep
from tpcb.web.pages import PageUser, check_csrf

router = APIRouter(include_in_schema=False)
STATUS = {"final": True, "draf": False}


@router.post("/butir/unggah")
def unggah_butir(request: Request, app: AppDep, uow: UowDep, signer: SignerDep, who: PageUser,
                 puskesmas: Annotated[str, Form()], item: Annotated[str, Form()],
                 berkas: Annotated[list[UploadFile] | None, File()] = None,
                 tanggal: Annotated[str, Form()] = "", status: Annotated[str, Form()] = "",
                 ganti: Annotated[bool, Form()] = False, tahun: Annotated[int | None, Form()] = None,
                 matriks: Annotated[str, Form()] = "",
                 csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(signer, who, csrf)
    akses.require(who.actor, akses.ARTEFAK_UNGGAH)  # before reading a byte of the files
    akses.require_scope(who.actor, DINKES if puskesmas.strip().lower() == DINKES else puskesmas.upper())
    files = [f for f in berkas or () if f.filename]
    if not files:
        raise InputError("Pilih berkas yang akan diunggah (PDF, Word, Excel, foto atau CSV).")
    if not tanggal.strip():
        raise InputError("Tanggal berlaku wajib diisi (TTTT-BB-HH), mis. tanggal penetapan atau "
                         "tanda tangan dokumen.")
    if status not in STATUS:
        raise InputError("Pilih status berkas: final (sudah ditandatangani/ditetapkan) atau draf.")
    read = [read_upload(f, app.settings.max_upload_bytes) for f in files]  # all within the limit
    said: list[str] = []
    last = None
    for data, name in read:
        try:
            last = upload(app, uow, who.actor, puskesmas=puskesmas, item=item, data=data,
                          filename=name, final=STATUS[status], tanggal=tanggal, tahun=tahun,
                          ganti=ganti)
        except (EvidenceError, TidakBerwenang) as exc:
            if said:  # the files before this one are stored: say so with the refusal
                exc.args = (f"{exc} Berkas sebelumnya sudah tersimpan: {' '.join(said)}",)
            raise
        said.append(kalimat_unggah(last, name))
    msg = " ".join(said)
    if "application/json" in request.headers.get("accept", ""):
        assert last is not None
        body = {"hasil": last.outcome, "pesan": msg, "artefak": artefact_json(last.artefact)}
        return kilas.titip(request, JSONResponse(jsonable_encoder(body)), msg)
    back = {"puskesmas": matriks or puskesmas, "tahun": tahun or ""}  # the matrix it came from
    return kilas.alihkan(request, f"/matriks?{urlencode({k: v for k, v in back.items() if v})}"
                         f"#unggah-{item}", msg)
