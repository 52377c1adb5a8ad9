"""Building the FastAPI app: the routers, the error handlers and the security middleware.

Every resource is one router module; ``ROUTERS`` is the one place that registers them under
``/api``. A new face (the dashboard, compare, monitor) adds its module here.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from fastapi import APIRouter, FastAPI

from wirewatch import __version__
from wirewatch.api import actors, articles, compare, dashboard, events, health, monitor, search, stories
from wirewatch.api.connections import ThreadConnections
from wirewatch.api.errors import install_error_handlers
from wirewatch.api.security import BearerTokenMiddleware, HostCheckMiddleware, SecurityHeadersMiddleware
from wirewatch.store.db import connect, default_db_path

API_PREFIX = "/api"

# Routers served under API_PREFIX, in the order the OpenAPI schema lists them.
ROUTERS: tuple[APIRouter, ...] = (
    health.router,
    articles.router,
    stories.router,
    events.router,
    actors.router,
    search.router,
    compare.router,
    monitor.router,
)

# Paths answered without the token: a load balancer or a supervisor checks health without secrets,
# and a browser loads the dashboard page and its scripts (no data in them), which then ask for the
# token and send it with every API request.
OPEN_PATHS = (f"{API_PREFIX}/health", "/")
OPEN_PREFIXES = ("/static/",)


def create_app(
    db_path: Path | None = None,
    token: str | None = None,
    *,
    allowed_hosts: Iterable[str] | None = None,
) -> FastAPI:
    """The Wirewatch REST API over the store at ``db_path`` (default: ``$WIREWATCH_DB`` or the user's store).

    The store is created and migrated here if needed; requests read it, except the watch-rule
    routes (``POST``/``DELETE /api/watches``), which write through their own short connection.
    token: when given, every API request but ``/api/health`` must carry ``Authorization: Bearer
        TOKEN`` (the dashboard page asks the user for it once per browser session).
    allowed_hosts: when given, only requests whose Host header (without port) is one of these
        are answered; ``serve`` sets it for a loopback server without a token.
    """
    path = Path(db_path).expanduser() if db_path else default_db_path()
    connect(path).close()  # fail now, with a clear W001/W002, rather than on the first request
    app = FastAPI(
        title="Wirewatch",
        version=__version__,
        summary="Articles, stories, events and actors from the Wirewatch store, as JSON.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        # The interactive pages load scripts from a CDN and inline, which the strict
        # Content-Security-Policy forbids; the schema above feeds any OpenAPI tool instead.
        docs_url=None,
        redoc_url=None,
    )
    app.state.db_path = path
    app.state.connections = ThreadConnections(path)
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router, prefix=API_PREFIX)
    dashboard.mount(app)
    # Added innermost first: the host check runs before the token, and every answer gets the headers.
    if token:
        app.add_middleware(BearerTokenMiddleware, token=token, open_paths=OPEN_PATHS, open_prefixes=OPEN_PREFIXES)
    if allowed_hosts is not None:
        app.add_middleware(HostCheckMiddleware, allowed_hosts=allowed_hosts)
    app.add_middleware(SecurityHeadersMiddleware)
    return app
