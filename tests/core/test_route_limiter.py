"""The limiter skips its before-request pass only while no request-wide limit exists (siete.extensions)."""
from flask import Flask

from siete.extensions import RouteLimiter


def _app(**limits):
    app = Flask(__name__)
    app.config["RATELIMIT_STORAGE_URI"] = "memory://"
    limiter = RouteLimiter(key_func=lambda: "client", **limits)
    limiter.init_app(app)

    @app.get("/open")
    def open_route():
        return "ok"

    @app.get("/limited")
    @limiter.limit("1/minute")
    def limited_route():
        return "ok"

    return app, limiter


def test_route_limits_apply_without_the_before_request_pass():
    app, limiter = _app(default_limits=[])
    client = app.test_client()
    assert [client.get("/open").status_code for _ in range(3)] == [200, 200, 200]
    assert [client.get("/limited").status_code for _ in range(2)] == [200, 429]


def test_default_and_application_limits_still_run_before_every_request():
    app, _limiter = _app(default_limits=["2/minute"])
    client = app.test_client()
    assert [client.get("/open").status_code for _ in range(3)] == [200, 200, 429]
    app, _limiter = _app(application_limits=["1/minute"])
    client = app.test_client()
    assert [client.get("/open").status_code for _ in range(2)] == [200, 429]
