"""Every error leaves the API as JSON ``{"error": code, "message": text}``.

Wirewatch errors keep their searchable code (W003, W004...; docs/errors.md) and get the HTTP
status of their kind; HTTP-level errors (unknown route, wrong method, missing token) use a
short name as their code; anything unexpected is a 500 whose message reveals nothing inside.
"""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from wirewatch.api.security import security_headers
from wirewatch.errors import (
    ArticleNotFound,
    BadQuery,
    EventNotFound,
    StoreError,
    StoryNotFound,
    UnknownEventCode,
    WirewatchError,
)

log = logging.getLogger("wirewatch.api")

# The status of a Wirewatch error is the first of its classes (in MRO order) listed here.
# A new error class that a route can raise is added here, once, for every route.
STATUS_OF_ERROR: dict[type[WirewatchError], int] = {
    ArticleNotFound: 404,
    StoryNotFound: 404,
    EventNotFound: 404,
    BadQuery: 400,
    UnknownEventCode: 400,
    StoreError: 503,
}

HTTP_ERROR_NAMES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "too_large",
    415: "unsupported_media_type",
}


def error_response(status: int, code: str, message: str, **extra) -> JSONResponse:
    """The JSON error body every failure uses."""
    return JSONResponse({"error": code, "message": message, **extra}, status_code=status)


def status_of(exc: WirewatchError) -> int:
    """The HTTP status for a Wirewatch error: 404 not found, 400 bad query, 500 otherwise."""
    for cls in type(exc).__mro__:
        if cls in STATUS_OF_ERROR:
            return STATUS_OF_ERROR[cls]
    return 500


async def _wirewatch_error(request: Request, exc: WirewatchError) -> JSONResponse:
    return error_response(status_of(exc), exc.code, str(exc))


async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
    code = HTTP_ERROR_NAMES.get(exc.status_code, f"http_{exc.status_code}")
    response = error_response(exc.status_code, code, str(exc.detail))
    response.headers.update(exc.headers or {})
    return response


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    # A malformed parameter is a bad query: 400 with W004, naming each parameter and what is wrong.
    problems = []
    for item in exc.errors():
        where = ".".join(str(part) for part in item.get("loc", ()) if part not in ("query", "path"))
        problems.append(f"{where}: {item.get('msg', 'invalid')}")
    return error_response(400, BadQuery.code, f"[{BadQuery.code}] " + "; ".join(problems))


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    response = error_response(500, "internal", "internal error: see the server log")
    # This response is sent from outside the middleware stack, so it sets the security headers itself.
    response.headers.update(security_headers())
    return response


def install_error_handlers(app: FastAPI) -> None:
    """Make ``app`` answer every error with the JSON error body."""
    app.add_exception_handler(WirewatchError, _wirewatch_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected_error)
