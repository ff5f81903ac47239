"""Swagger UI at /docs and ReDoc at /docs/redoc with assets from drf-spectacular-sidecar."""
from importlib.resources import files

from flask import Blueprint, render_template, send_from_directory

bp = Blueprint("docs", __name__, url_prefix="/docs", template_folder="templates", static_folder="static")

_VENDOR = files("drf_spectacular_sidecar") / "static" / "drf_spectacular_sidecar"
VENDOR_DIRS = {"swagger-ui": _VENDOR / "swagger-ui-dist", "redoc": _VENDOR / "redoc" / "bundles"}
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "worker-src 'self' blob:; connect-src 'self'; font-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'"
)


@bp.after_request
def _strict_csp(response):
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("")
@bp.get("/")
def swagger_ui():
    return render_template("siete_swagger_ui.html")


@bp.get("/redoc")
def redoc():
    return render_template("siete_redoc.html")


@bp.get("/vendor/<any('swagger-ui', 'redoc'):package>/<path:filename>")
def vendor(package, filename):
    return send_from_directory(str(VENDOR_DIRS[package]), filename, max_age=86400)
