"""One real `wirewatch serve` on 127.0.0.1 and a free port: it answers, guards and stops."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest

TOKEN = "serve-test-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(db_path):
    port = free_port()
    env = {**os.environ, "WIREWATCH_TOKEN": TOKEN}
    process = subprocess.Popen(
        [sys.executable, "-m", "wirewatch.cli", "--db", str(db_path), "serve", "--port", str(port),
         "--log-level", "warning"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"serve exited: {process.stderr.read().decode()}")
            try:
                httpx.get(f"{base}/api/health", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    pytest.fail("serve did not answer within 60 s")
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_answers_on_loopback_and_enforces_the_token(server):
    assert httpx.get(f"{server}/api/health").json()["status"] == "ok"
    refused = httpx.get(f"{server}/api/stories")
    assert refused.status_code == 401 and refused.headers["x-content-type-options"] == "nosniff"
    allowed = httpx.get(f"{server}/api/stories", headers={"Authorization": f"Bearer {TOKEN}"})
    assert allowed.status_code == 200 and allowed.json()["items"] == []
    assert "server" not in allowed.headers  # uvicorn's banner is off
