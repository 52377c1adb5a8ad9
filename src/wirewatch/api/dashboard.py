"""The dashboard: one static page at ``/`` and its script and style under ``/static``.

The page holds no data and no inline script or style: ``app.js`` fetches everything from ``/api``
and inserts it as text, so the strict Content-Security-Policy of every response applies unchanged.
"""
from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).resolve().parent / "static"
STATIC_PREFIX = "/static"

router = APIRouter(include_in_schema=False)


@router.get("/")
def index() -> FileResponse:
    """The dashboard page; its views (stories, a story, tension, events, search, alerts) are hash routes."""
    # no-cache: a browser revalidates the page, so an upgraded server never runs with a stale script.
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8",
                        headers={"Cache-Control": "no-cache"})


def mount(app: FastAPI) -> None:
    """Serve the dashboard from ``app``: the page at ``/``, its files under ``/static``."""
    app.include_router(router)
    app.mount(STATIC_PREFIX, StaticFiles(directory=STATIC, check_dir=True), name="static")
