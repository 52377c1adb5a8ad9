"""``GET /api/health``: whether the server runs and can read its store (open even with a token)."""
from __future__ import annotations

from fastapi import APIRouter

from wirewatch import __version__
from wirewatch.api.params import StoreConn
from wirewatch.api.schemas import Health
from wirewatch.store.db import schema_version

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, summary="Liveness and store check")
def health(conn: StoreConn) -> dict:
    """``ok`` with the Wirewatch version and the store's schema version."""
    return {"status": "ok", "version": __version__, "schema_version": schema_version(conn)}
