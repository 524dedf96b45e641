"""The API's documentation pages, served offline: Swagger UI at /docs and ReDoc at /redoc.

Their scripts and styles come from the `fastapi-offline` package (mounted at /static/docs), never
from a CDN, so the pages work on a Dinkes network without internet. The Swagger UI page has no
inline script (its set-up is tpcb/web/static/docs.js), so the app's CSP (`script-src 'self'`)
holds for it like for every page. ReDoc draws its styles as inline <style> elements
(styled-components), so /redoc alone allows inline styles; its scripts stay same-origin.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from tpcb.web import kontrak

ASET = "/static/docs"  # Swagger UI and ReDoc files (under /static/: cached like the app's own)
ASET_DIR = Path(fastapi_offline.__file__).parent / "static"
REDOC_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
             "img-src 'self' data:; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
             "form-action 'self'; frame-ancestors 'none'")


def swagger_html(title: str, openapi_url: str) -> str:
    return f"""<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<title>{escape(title)} - Swagger UI</title>
<link rel="icon" type="image/png" href="{ASET}/favicon.png">
<link rel="stylesheet" href="{ASET}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-openapi="{escape(openapi_url)}"></div>
<script src="{ASET}/swagger-ui-bundle.js"></script>
<script src="/static/docs.js"></script>
</body>
</html>
"""


def redoc_html(title: str, openapi_url: str) -> str:
    return f"""<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<title>{escape(title)} - ReDoc</title>
<link rel="icon" type="image/png" href="{ASET}/favicon.png">
</head>
<body>
<redoc spec-url="{escape(openapi_url)}"></redoc>
<script src="{ASET}/redoc.standalone.js"></script>
</body>
</html>
"""


def pasang(app: FastAPI) -> None:
    """Mount the assets, add /docs and /redoc, and make /openapi.json document the errors.
    Call before the app's own /static mount, so /static/docs/... is served from the package."""
    kontrak.pasang(app)
    app.mount(ASET, StaticFiles(directory=str(ASET_DIR)), name="docs-aset")
    spec = app.openapi_url or "/openapi.json"

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(swagger_html(app.title, spec))

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return HTMLResponse(redoc_html(app.title, spec), headers={"Content-Security-Policy": REDOC_CSP})
