"""Delivering an alert to a webhook: an HTTP POST of JSON, with a timeout, retries and backoff.

A delivery never raises: every outcome (delivered, refused, unreachable) comes back as a
``Delivery`` for the caller to record. Retried: connection errors, timeouts, 429 and 5xx answers,
up to ``attempts`` tries, waiting ``backoff x 2**(try - 1)`` seconds between them (0.5, 1, 2 s by
default). Other 4xx answers are not retried: the receiver will refuse the same body again.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from wirewatch import __version__


@dataclass(frozen=True)
class WebhookConfig:
    """timeout: seconds for connecting and for the answer; attempts: tries in all; backoff: first wait."""

    timeout: float = 5.0
    attempts: int = 3
    backoff: float = 0.5


@dataclass(frozen=True)
class Delivery:
    url: str
    delivered: bool
    attempts: int
    http_status: int | None = None
    error: str | None = None


def _retryable(status: int) -> bool:
    return status == 429 or status >= 500


def post_json(url: str, payload: dict, config: WebhookConfig = WebhookConfig(), *,
              sleep: Callable[[float], None] = time.sleep, client: httpx.Client | None = None) -> Delivery:
    """POST ``payload`` as JSON to ``url``, retrying as the module docstring says; never raises."""
    headers = {"User-Agent": f"wirewatch/{__version__}", "Content-Type": "application/json"}
    own = client is None
    client = client or httpx.Client(timeout=config.timeout, follow_redirects=False)
    status, error = None, None
    try:
        for attempt in range(1, max(config.attempts, 1) + 1):
            try:
                response = client.post(url, json=payload, headers=headers)
                status, error = response.status_code, None
                if 200 <= status < 300:
                    return Delivery(url, True, attempt, status)
                error = f"HTTP {status}"
                if not _retryable(status):
                    return Delivery(url, False, attempt, status, error)
            except httpx.HTTPError as exc:  # timeouts, refused connections, bad URLs
                status, error = None, f"{type(exc).__name__}: {exc}"
            except Exception as exc:  # a delivery must never stop the evaluation
                return Delivery(url, False, attempt, None, f"{type(exc).__name__}: {exc}")
            if attempt < config.attempts:
                sleep(config.backoff * 2 ** (attempt - 1))
        return Delivery(url, False, max(config.attempts, 1), status, error)
    finally:
        if own:
            client.close()
