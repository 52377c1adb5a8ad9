"""Running the API with uvicorn, after checking that the address is safe to bind."""
from __future__ import annotations

from pathlib import Path

from wirewatch.api.app import create_app
from wirewatch.api.security import check_bind, is_loopback, loopback_host_names


def serve(
    db_path: Path | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    log_level: str = "info",
    access_log: bool = True,
) -> None:
    """Serve the API until interrupted.

    Raises UnsafeBind (before opening anything) for a non-loopback ``host`` without a token.
    A loopback server without a token answers only requests addressed to a loopback name.
    """
    import uvicorn  # the server is needed only here, not by the app or its tests

    token = token or None
    check_bind(host, token)
    allowed = loopback_host_names(host) if is_loopback(host) and not token else None
    app = create_app(db_path, token, allowed_hosts=allowed)
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=access_log, server_header=False,
                proxy_headers=False)
