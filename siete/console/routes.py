"""Serves the console's built files; any other non-API path gets index.html so deep links survive a reload."""
from pathlib import Path
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, jsonify, send_from_directory
from werkzeug.routing import PathConverter

from siete.config import PROJECT_ROOT

bp = Blueprint("console", __name__)


class ConsolePath(PathConverter):
    """A path outside the API's prefixes: `/api/...` never matches, so its Allow headers and 404/405s stay the
    API's own (a catch-all GET would add GET to every API route's OPTIONS answer)."""

    regex = r"(?!(?:api|docs|health|metrics)(?:/|$))[^/].*?"


bp.record_once(lambda state: state.app.url_map.converters.setdefault("console_path", ConsolePath))
DIST = PROJECT_ROOT / "web" / "dist" / "siete-console" / "browser"
RESERVED = ("api/", "docs/", "health/")  # owned by the API and its docs: never answered with the SPA
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "media-src 'self' blob:; connect-src 'self'{upload}; font-src 'self' data:; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
CLOUDFLARE_API_HOST = "api.cloudflare.com"
STREAM_UPLOAD_ORIGINS = ("https://upload.cloudflarestream.com", "https://upload.videodelivery.net")
NOT_BUILT = "The web console is not built: run `make run` (or `npm ci && npm run build` in web/).\n"


def _dist() -> Path:
    return Path(current_app.config.get("CONSOLE_DIST_DIR") or DIST)


def stream_configured() -> bool:
    config = current_app.config
    return bool(config.get("CLOUDFLARE_ACCOUNT_ID") and config.get("CLOUDFLARE_STREAM_TOKEN"))


def upload_origins() -> tuple[str, ...]:
    """Where the browser sends a Stream direct upload: Cloudflare's upload hosts, or a stand-in API's own origin
    (CLOUDFLARE_API_BASE elsewhere hands out upload URLs on itself)."""
    if not stream_configured():
        return ()
    api = urlsplit(current_app.config.get("CLOUDFLARE_API_BASE") or "")
    if not api.hostname or api.hostname == CLOUDFLARE_API_HOST:
        return STREAM_UPLOAD_ORIGINS
    return (f"{api.scheme}://{api.netloc}",)


@bp.get("/console-settings.json")
def settings():
    """What the console adapts to: whether a shopper's video goes to Cloudflare Stream directly."""
    response = jsonify(stream_upload=stream_configured())
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.after_request
def _strict_csp(response):
    response.headers["Content-Security-Policy"] = CSP.format(upload="".join(f" {o}" for o in upload_origins()))
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


@bp.get("/", defaults={"path": ""})
@bp.get("/<console_path:path>")
def console(path):
    if f"{path}/".startswith(RESERVED):
        abort(404)
    dist = _dist()
    if path and (dist / path).is_file():
        hashed = "-" in Path(path).stem and Path(path).suffix in (".js", ".css")  # Angular's content-hashed names
        return send_from_directory(dist, path, max_age=31536000 if hashed else 3600)
    if "." in Path(path).name:
        abort(404)  # a missing asset, not a page
    if not (dist / "index.html").is_file():
        return NOT_BUILT, 503, {"Content-Type": "text/plain; charset=utf-8", "Retry-After": "30"}
    response = send_from_directory(dist, "index.html", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response
