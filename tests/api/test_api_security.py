"""The API's guards: the bind check, the bearer token, the Host check and the security headers."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from wirewatch.api import UnsafeBind, check_bind, create_app
from wirewatch.api.security import is_loopback, loopback_host_names
from wirewatch.cli import main

TOKEN = "s3cret-token"


@pytest.fixture
def secured(db_path):
    return TestClient(create_app(db_path, token=TOKEN))


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"])
def test_loopback_addresses_may_be_bound_without_a_token(host):
    assert is_loopback(host)
    check_bind(host, None)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.1", "example.com", ""])
def test_other_addresses_are_refused_without_a_token_and_allowed_with_one(host):
    with pytest.raises(UnsafeBind, match="--token"):
        check_bind(host, None)
    with pytest.raises(UnsafeBind):
        check_bind(host, "")  # an empty token is no token
    check_bind(host, TOKEN)


def test_serve_command_refuses_to_bind_all_addresses_without_a_token(db_path, monkeypatch):
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: pytest.fail("the server must not start"))
    result = CliRunner().invoke(main, ["--db", str(db_path), "serve", "--host", "0.0.0.0"],
                                env={"WIREWATCH_TOKEN": None})
    assert result.exit_code == 1
    assert "W013" in result.output and "0.0.0.0" in result.output and "--token" in result.output


def test_serve_command_reads_the_token_from_the_environment(db_path, monkeypatch):
    import uvicorn

    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.update(app=app, **options))
    result = CliRunner().invoke(main, ["--db", str(db_path), "serve", "--host", "0.0.0.0", "--port", "8123"],
                                env={"WIREWATCH_TOKEN": TOKEN})
    assert result.exit_code == 0, result.output
    assert (started["host"], started["port"]) == ("0.0.0.0", 8123)
    client = TestClient(started["app"])
    assert client.get("/api/articles").status_code == 401
    assert client.get("/api/articles", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_with_a_token_a_request_without_it_is_401_json(secured):
    response = secured.get("/api/articles")
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized" and "Bearer" in response.json()["message"]
    assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", [f"Bearer {TOKEN}x", "Bearer ", f"Basic {TOKEN}", TOKEN, f"Bearer{TOKEN}"])
def test_a_wrong_token_or_scheme_is_401(secured, header):
    assert secured.get("/api/stories", headers={"Authorization": header}).status_code == 401


@pytest.mark.parametrize("header", [f"Bearer {TOKEN}", f"bearer {TOKEN}"])
def test_the_right_token_opens_every_endpoint(secured, header):
    for url in ("/api/articles", "/api/stories", "/api/events", "/api/actors", "/api/search?q=port",
                "/api/openapi.json"):
        assert secured.get(url, headers={"Authorization": header}).status_code == 200, url


def test_health_and_only_health_stays_open_without_the_token(secured):
    assert secured.get("/api/health").status_code == 200
    assert secured.get("/api/openapi.json").status_code == 401
    assert secured.get("/api/health/../articles").status_code == 401


def test_without_a_token_no_authorization_is_needed(db_path):
    assert TestClient(create_app(db_path)).get("/api/articles").status_code == 200


@pytest.mark.parametrize("url,status", [("/api/health", 200), ("/api/articles", 401), ("/api/nothing", 404)])
def test_every_response_forbids_sniffing_and_foreign_scripts(secured, url, status):
    headers = {"Authorization": f"Bearer {TOKEN}"} if status == 404 else {}
    response = secured.get(url, headers=headers)
    assert response.status_code == status
    assert response.headers["x-content-type-options"] == "nosniff"
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_error_responses_carry_the_security_headers(db_path):
    app = create_app(db_path)

    @app.get("/api/boom")
    def boom():
        raise RuntimeError("secret internals")

    client = TestClient(app, raise_server_exceptions=False)
    for url, status in (("/api/articles/nope", 404), ("/api/search?q=", 400), ("/api/boom", 500)):
        response = client.get(url)
        assert response.status_code == status
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["content-security-policy"].startswith("default-src 'self'")
    assert client.get("/api/boom").json() == {"error": "internal", "message": "internal error: see the server log"}


def test_a_loopback_server_answers_only_requests_addressed_to_loopback(db_path):
    app = create_app(db_path, allowed_hosts=loopback_host_names("127.0.0.1"))
    assert TestClient(app, base_url="http://127.0.0.1:8000").get("/api/health").status_code == 200
    assert TestClient(app, base_url="http://localhost:8000").get("/api/health").status_code == 200
    assert TestClient(app, base_url="http://[::1]:8000").get("/api/health").status_code == 200
    rebound = TestClient(app, base_url="http://attacker.example:8000").get("/api/articles")
    assert rebound.status_code == 400 and rebound.json()["error"] == "bad_host"
    assert rebound.headers["x-content-type-options"] == "nosniff"


def test_serve_on_loopback_without_a_token_checks_the_host_header(db_path, monkeypatch):
    import uvicorn

    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.update(app=app, **options))
    result = CliRunner().invoke(main, ["--db", str(db_path), "serve"], env={"WIREWATCH_TOKEN": None})
    assert result.exit_code == 0, result.output
    assert (started["host"], started["port"]) == ("127.0.0.1", 8000)
    assert TestClient(started["app"], base_url="http://127.0.0.1:8000").get("/api/articles").status_code == 200
    assert TestClient(started["app"], base_url="http://rebound.example").get("/api/articles").status_code == 400


def test_with_a_token_the_dashboard_page_and_scripts_load_but_the_data_needs_it(tmp_path):
    from fastapi.testclient import TestClient

    client = TestClient(create_app(tmp_path / "store.db", token="s3cret"))
    assert client.get("/").status_code == 200
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/api/stories").status_code == 401
    assert client.get("/api/stories", headers={"Authorization": "Bearer s3cret"}).status_code == 200
