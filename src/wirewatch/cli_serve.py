"""``wirewatch serve``: the REST API, a thin wrapper over ``wirewatch.api.serve``."""
from __future__ import annotations

import click

from wirewatch.api.security import TOKEN_ENV


def register(main: click.Group) -> None:
    """Add the ``serve`` command to the ``wirewatch`` group."""

    @main.command()
    @click.option("--host", default="127.0.0.1", show_default=True,
                  help="Address to listen on; any but a loopback address needs --token.")
    @click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
    @click.option("--token", envvar=TOKEN_ENV, show_envvar=True,
                  help="Require 'Authorization: Bearer TOKEN' on every request (prefer the variable: "
                       "a command line is visible to other users).")
    @click.option("--log-level", default="info", show_default=True,
                  type=click.Choice(["critical", "error", "warning", "info", "debug"]))
    @click.option("--no-access-log", is_flag=True, help="Do not log each request.")
    @click.pass_obj
    def serve(obj, host, port, token, log_level, no_access_log) -> None:
        """Serve the dashboard (/) and the REST API (JSON under /api, schema at /api/openapi.json) until Ctrl-C.

        It reads with its own read-only connections, so it keeps answering while an ingest or
        `follow` writes; only adding or removing watch rules writes to the store.
        """
        from wirewatch.api import serve as serve_api  # FastAPI loads only for this command

        click.echo(f"wirewatch: serving {obj.db_path}: dashboard http://{host}:{port}/, API http://{host}:{port}/api"
                   + (" (token required)" if token else ""), err=True)
        serve_api(obj.db_path, host=host, port=port, token=token, log_level=log_level,
                  access_log=not no_access_log)
