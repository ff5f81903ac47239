"""The docs UIs render in a real headless Chromium, offline, under the strict CSP."""
import shutil
import subprocess
import threading

import pytest
from werkzeug.serving import make_server

from siete import create_app
from siete.config import TestConfig

CHROMIUM = shutil.which("chromium")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(CHROMIUM is None, reason="Debian package chromium is not installed")]


@pytest.fixture(scope="module")
def live_url():
    server = make_server("127.0.0.1", 0, create_app(TestConfig()), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def _render(url, tmp_path):
    """The DOM after scripts ran, plus Chromium's console log."""
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path}", "--enable-logging=stderr", "--v=0",
         "--virtual-time-budget=15000", "--dump-dom", url],
        capture_output=True, text=True, timeout=120,
    )
    return result.stdout, result.stderr


def _blocked(log):
    """CSP violations other than ReDoc's optional CDN logo, which it hides when blocked."""
    return [line for line in log.splitlines() if "Content Security Policy" in line and "cdn.redoc.ly" not in line]


def test_swagger_ui_lists_the_operations(live_url, tmp_path):
    dom, log = _render(f"{live_url}/docs", tmp_path)
    assert 'data-path="/api/v1/users"' in dom
    assert 'data-path="/api/v1/auth/login"' in dom
    assert "List users" in dom
    assert _blocked(log) == []


def test_redoc_lists_the_operations(live_url, tmp_path):
    dom, log = _render(f"{live_url}/docs/redoc", tmp_path)
    assert "List companies" in dom and "Log in with email and password" in dom
    assert _blocked(log) == []


def test_docs_pages_carry_a_strict_csp(client):
    policy = client.get("/docs").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
