"""The Flask side of the console: the built files at /, deep links answered with index.html, a strict CSP."""
import pytest

INDEX = '<!doctype html><html lang="es"><head><script src="main-ABC123.js" type="module"></script></head></html>'


@pytest.fixture
def dist(app, tmp_path, monkeypatch):
    (tmp_path / "index.html").write_text(INDEX)
    (tmp_path / "main-ABC123.js").write_text("console.log('app')")
    (tmp_path / "favicon.ico").write_bytes(b"\x00\x00\x01\x00")
    monkeypatch.setitem(app.config, "CONSOLE_DIST_DIR", str(tmp_path))
    return tmp_path


def test_the_root_serves_the_console_uncached_under_a_csp_without_inline_script(client, dist):
    answer = client.get("/")
    assert answer.status_code == 200 and answer.get_data(as_text=True) == INDEX
    assert answer.headers["Cache-Control"] == "no-cache"
    csp = answer.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_a_deep_link_reloaded_gets_the_console(client, dist):
    for path in ("/evaluations/42", "/campaigns/new", "/login"):
        answer = client.get(path)
        assert answer.status_code == 200 and answer.get_data(as_text=True) == INDEX, path


def test_hashed_assets_are_cached_for_a_year(client, dist):
    answer = client.get("/main-ABC123.js")
    assert answer.status_code == 200 and "max-age=31536000" in answer.headers["Cache-Control"]
    assert client.get("/favicon.ico").status_code == 200


def test_a_missing_asset_is_404_not_the_console(client, dist):
    assert client.get("/chunk-MISSING.js").status_code == 404


def test_api_and_docs_paths_are_never_answered_by_the_console(client, dist):
    answer = client.get("/api/v1/no-such-thing")
    assert answer.status_code == 404 and answer.is_json
    assert client.get("/health").is_json
    assert client.get("/docs").status_code == 200 and "swagger" in client.get("/docs").get_data(as_text=True).lower()


def test_an_unbuilt_console_says_how_to_build_it(client, app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "CONSOLE_DIST_DIR", str(tmp_path / "missing"))
    answer = client.get("/dashboard")
    assert answer.status_code == 503 and "make run" in answer.get_data(as_text=True)


def test_the_console_learns_whether_stream_uploads_are_on(client, app, monkeypatch):
    assert client.get("/console-settings.json").get_json() == {"stream_upload": False}
    monkeypatch.setitem(app.config, "CLOUDFLARE_ACCOUNT_ID", "acct")
    monkeypatch.setitem(app.config, "CLOUDFLARE_STREAM_TOKEN", "token")
    answer = client.get("/console-settings.json")
    assert answer.get_json() == {"stream_upload": True} and answer.headers["Cache-Control"] == "no-cache"


def _connect_src(answer):
    return next(d for d in answer.headers["Content-Security-Policy"].split(";") if d.strip().startswith("connect-src"))


def test_the_csp_lets_the_browser_upload_to_stream_only_when_it_is_configured(client, app, dist, monkeypatch):
    assert _connect_src(client.get("/")).split() == ["connect-src", "'self'"]
    monkeypatch.setitem(app.config, "CLOUDFLARE_ACCOUNT_ID", "acct")
    monkeypatch.setitem(app.config, "CLOUDFLARE_STREAM_TOKEN", "token")
    monkeypatch.setitem(app.config, "CLOUDFLARE_API_BASE", "https://api.cloudflare.com/client/v4")
    assert "https://upload.cloudflarestream.com" in _connect_src(client.get("/submit")).split()
    monkeypatch.setitem(app.config, "CLOUDFLARE_API_BASE", "http://127.0.0.1:8931/client/v4")  # a stand-in Stream API
    assert _connect_src(client.get("/submit")).split() == ["connect-src", "'self'", "http://127.0.0.1:8931"]
