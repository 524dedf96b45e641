"""The surveyor's assessment per EP, beside the provisional score (same use cases as
`tpcb penilaian`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.convertors import Convertor, register_url_convertor

from evidence import akses, penilaian
from evidence.completeness import evaluate
from evidence.errors import InputError
from tpcb.services.common import parse_year, scoped_puskesmas, today
from tpcb.web.deps import AppDep, RepoDep, UserDep
from tpcb.web.kontrak import TAHUN_DOC, binary, galat
from tpcb.web.skema import LembarPenilaian, NilaiTercatat, PenilaianFinal

router = APIRouter(prefix="/api/penilaian", tags=["penilaian surveior"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TahunP = Annotated[int, Path(description="tahun penilaian", json_schema_extra=TAHUN_DOC)]
EpP = Annotated[str, Path(description="EP a sampai h (boleh 'a)')", pattern=r"^[a-hA-H]\)?$")]


class EpConvertor(Convertor[str]):
    """`{ep:ep}` in a path: only an EP segment routes there, so PUT .../final is a 405 (that path
    has POST only), not a 422 for an EP named 'final'."""

    regex = r"[a-hA-H]\)?"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("ep", EpConvertor())


class NilaiEp(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # the pattern is documentation: evidence.penilaian.nilai_sah answers 400 with the choices
    nilai: str = Field(description="TL, TS, TT atau TDD (huruf besar atau kecil)", json_schema_extra={
        "pattern": r"^[^\S\x0b\x0c]*([Tt][LlSsTt]|[Tt][Dd][Dd])[^\S\x0b\x0c]*$"})
    fakta: str = Field("", description="fakta dan analisis (wajib untuk TS, TT, TDD)")
    rekomendasi: str = ""


def sheet_for(app, repo, who, puskesmas: str, tahun: int | None):
    akses.require(who, akses.KELENGKAPAN)
    kode = scoped_puskesmas(repo, who, puskesmas)
    if kode is None:
        raise InputError("Sebutkan Puskesmas (puskesmas=KODE).")
    year = parse_year(tahun)
    result = evaluate(repo, app.catalogue, year, kode=kode, rule=app.scoring, today=today())[0]
    return penilaian.lembar(repo, app.catalogue, result)


@router.get("", summary="Penilaian surveior per EP di samping skor sementara (perbedaan ditandai)",
            response_model=LembarPenilaian, responses=galat(404))
def show(app: AppDep, repo: RepoDep, who: UserDep,
         puskesmas: Annotated[str, Query(description="kode Puskesmas")],
         tahun: Annotated[int | None, Query(description="tahun penilaian",
                                             json_schema_extra=TAHUN_DOC)] = None) -> dict:
    return penilaian.lembar_json(sheet_for(app, repo, who.actor, puskesmas, tahun))


@router.put("/{kode}/{tahun}/{ep:ep}", summary="Catat atau ubah nilai surveior satu EP (peran surveior)",
            response_model=NilaiTercatat, responses=galat(404, 409))
def set_(app: AppDep, repo: RepoDep, who: UserDep, kode: str, tahun: TahunP, ep: EpP,
         body: Annotated[NilaiEp, Body()]) -> dict:
    row = penilaian.set_nilai(repo, app.catalogue, who.actor, kode=kode.strip().upper(),
                              tahun=parse_year(tahun), ep=ep, nilai=body.nilai, fakta=body.fakta,
                              rekomendasi=body.rekomendasi)
    return {"kode": row.puskesmas, "tahun": row.tahun, "ep": row.ep, "nilai": row.nilai,
            "fakta": row.fakta, "rekomendasi": row.rekomendasi, "oleh": row.oleh,
            "final": row.final}


@router.post("/{kode}/{tahun}/final", summary="Finalkan penilaian surveior (semua EP harus dinilai)",
             response_model=PenilaianFinal, responses=galat(404, 409))
def final(app: AppDep, repo: RepoDep, who: UserDep, kode: str, tahun: TahunP) -> dict:
    rows = penilaian.finalkan(repo, app.catalogue, who.actor, kode=kode.strip().upper(),
                              tahun=parse_year(tahun))
    return {"kode": kode.strip().upper(), "tahun": tahun, "final": True, "ep": len(rows)}


@router.get("/{kode}/{tahun}/ekspor", summary="Lembar penilaian surveior sebagai XLSX atau PDF",
            response_class=Response,
            responses={**binary(XLSX, "application/pdf", description="Lembar penilaian"), **galat(404)})
def ekspor(app: AppDep, repo: RepoDep, who: UserDep, kode: str, tahun: TahunP,
           format: Annotated[str, Query(description="xlsx atau pdf",
                                        json_schema_extra={"enum": ["xlsx", "pdf"]})] = "xlsx") -> Response:
    from doc_templates import lembar

    if format not in ("xlsx", "pdf"):
        raise InputError(f"Format '{format}' tidak dikenal; pilih xlsx atau pdf.")
    sheet = sheet_for(app, repo, who.actor, kode, tahun)
    name = f"penilaian_surveior_{sheet.kode}_{sheet.tahun}.{format}"
    if format == "xlsx":
        data, media = lembar.xlsx(sheet), XLSX
    else:
        from doc_templates.pdf import convert_batch

        office = repo.office()
        data = convert_batch({"lembar": lembar.docx(sheet, [office.nama] if office else [])})["lembar"]
        media = "application/pdf"
    return Response(data, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
