"""What keeps the API safe to run: the bind check, the bearer token and the security headers.

Without a token the API answers anyone who can reach it, so it may only listen on a loopback
address, and then only answers requests whose Host is that address (a web page cannot reach it
through DNS rebinding). With a token every request but the health check must carry
``Authorization: Bearer TOKEN``. Every response forbids content sniffing and carries a strict
Content-Security-Policy, so a page served by the app runs no injected or third-party script.
"""
from __future__ import annotations

import hmac
import ipaddress
import json
from collections.abc import Iterable

from wirewatch.errors import UnsafeBind

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
TOKEN_ENV = "WIREWATCH_TOKEN"


def security_headers() -> dict[str, str]:
    """Headers set on every response."""
    return {
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
    }


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or 'localhost') only accepts connections from this machine."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False  # a host name may resolve to anything


def check_bind(host: str, token: str | None) -> None:
    """Refuse to serve on a non-loopback address without a token (raises UnsafeBind)."""
    if not token and not is_loopback(host):
        raise UnsafeBind(
            f"refusing to serve on {host!r} without a token: anyone who can reach it could read the store. "
            f"Give --token TOKEN (or set ${TOKEN_ENV}) so that requests must carry 'Authorization: Bearer TOKEN', "
            "or bind 127.0.0.1 (the default)"
        )


def loopback_host_names(host: str) -> set[str]:
    """The Host header values (without port) a loopback server answers to."""
    return {"localhost", "127.0.0.1", "[::1]", host.strip().lower()}


async def _send_json(send, status: int, body: dict, headers: Iterable[tuple[bytes, bytes]] = ()) -> None:
    payload = json.dumps(body).encode()
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
                    *headers],
    })
    await send({"type": "http.response.body", "body": payload})


class SecurityHeadersMiddleware:
    """ASGI middleware adding ``security_headers()`` to every HTTP response that lacks them."""

    def __init__(self, app):
        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in security_headers().items()]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [h for h in self.headers if h[0] not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BearerTokenMiddleware:
    """ASGI middleware answering 401 to a request without ``Authorization: Bearer TOKEN``.

    open_paths: exact paths served without the token (the health check, the dashboard page);
    open_prefixes: path prefixes served without it (the dashboard's static files, which hold no data).
    """

    def __init__(self, app, token: str, open_paths: Iterable[str] = (), open_prefixes: Iterable[str] = ()):
        self.app = app
        self.token = token.encode()
        self.open_paths = frozenset(open_paths)
        self.open_prefixes = tuple(open_prefixes)

    def authorized(self, headers: list[tuple[bytes, bytes]]) -> bool:
        """Whether the request headers carry the token (compared in constant time)."""
        for name, value in headers:
            if name == b"authorization":
                scheme, _, credentials = value.strip().partition(b" ")
                return scheme.lower() == b"bearer" and hmac.compare_digest(credentials.strip(), self.token)
        return False

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "")
        if scope["type"] not in ("http", "websocket") or path in self.open_paths or path.startswith(self.open_prefixes):
            return await self.app(scope, receive, send)
        if self.authorized(scope.get("headers", [])):
            return await self.app(scope, receive, send)
        if scope["type"] == "websocket":
            return await send({"type": "websocket.close", "code": 1008})
        await _send_json(send, 401, {"error": "unauthorized",
                                     "message": "this server needs 'Authorization: Bearer TOKEN' on every request"},
                         [(b"www-authenticate", b'Bearer realm="wirewatch"')])


class HostCheckMiddleware:
    """ASGI middleware answering 400 to a request whose Host header is not an allowed name."""

    def __init__(self, app, allowed_hosts: Iterable[str]):
        self.app = app
        self.allowed = frozenset(h.lower() for h in allowed_hosts)

    def host_allowed(self, headers: list[tuple[bytes, bytes]]) -> bool:
        for name, value in headers:
            if name == b"host":
                host = value.decode("latin-1").strip().lower()
                if host.startswith("["):
                    host = host.split("]", 1)[0] + "]"
                else:
                    host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
                return host in self.allowed
        return False

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket") or self.host_allowed(scope.get("headers", [])):
            return await self.app(scope, receive, send)
        if scope["type"] == "websocket":
            return await send({"type": "websocket.close", "code": 1008})
        await _send_json(send, 400, {"error": "bad_host",
                                     "message": "this server only answers requests addressed to "
                                                + ", ".join(sorted(self.allowed))})
