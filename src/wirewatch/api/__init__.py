"""Wirewatch's REST API: a FastAPI app over the store, read-only, JSON everywhere.

``create_app(db_path, token)`` builds the app; ``serve(...)`` runs it with uvicorn after
checking that the address it binds is safe. Each resource lives in its own router module
(``articles``, ``stories``, ``events``, ``actors``, ``search``, ``health``) and every router is
registered in one place, ``wirewatch.api.app.ROUTERS``.

Names are imported on first use, so that the CLI can read ``wirewatch.api.security`` without
loading FastAPI.
"""
from __future__ import annotations

from importlib import import_module

_EXPORTS = {
    "API_PREFIX": "wirewatch.api.app",
    "create_app": "wirewatch.api.app",
    "UnsafeBind": "wirewatch.api.security",
    "check_bind": "wirewatch.api.security",
    "serve": "wirewatch.api.server",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'wirewatch.api' has no attribute {name!r}")
