"""The thumbnail of an artefact over the API: the twin of the page's /pratinjau/{kunci}."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from tpcb.services.pratinjau import miniatur
from tpcb.web.deps import AppDep, UserDep
from tpcb.web.kontrak import binary, galat
from tpcb.web.pages_pratinjau import etag_klien, png_response

router = APIRouter(prefix="/api/artefak", tags=["artefak"])


@router.get("/{kunci:path}/pratinjau", response_class=Response,
            summary="Miniatur PNG artefak: halaman pertama PDF (Word/Excel: dari rendisi PDF-nya), "
                    "atau gambarnya",
            responses={**binary("image/png", description="Miniatur PNG; ETag = sha256 artefak"),
                       **galat(404)})
def pratinjau(request: Request, app: AppDep, who: UserDep, kunci: str, v: str | None = None) -> Response:
    return png_response(miniatur(app, who.actor, kunci, sudah_punya=etag_klien(request)), v)
