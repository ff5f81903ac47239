"""Structured JSON logs carrying request, user, company and evaluation ids, for the API and the workers."""
import logging
import sys
import uuid
from contextvars import ContextVar

from flask import g, request
from pythonjsonlogger.json import JsonFormatter

request_id: ContextVar[str | None] = ContextVar("siete_request_id", default=None)
evaluation_id: ContextVar[int | None] = ContextVar("siete_evaluation_id", default=None)
FIELDS = ("request_id", "user_id", "company_id", "evaluation_id")


class ContextFilter(logging.Filter):
    """Stamp every record with the ids of the request or task it belongs to."""

    def filter(self, record):
        from siete.core import tenancy

        scope = tenancy._current.get()
        record.request_id = request_id.get()
        record.user_id = scope.user_id if scope else None
        record.company_id = scope.company_id if scope else None
        record.evaluation_id = evaluation_id.get()
        return True


def configure_logging(level="INFO", fmt="json"):
    """One handler on the root logger: JSON lines (or plain text for humans) with the context ids."""
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "json":
        handler.setFormatter(JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s " + " ".join(f"%({f})s" for f in FIELDS),
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"}))
    else:
        handler.setFormatter(logging.Formatter(
            "%(asctime)s %(levelname)s %(name)s [req=%(request_id)s user=%(user_id)s "
            "company=%(company_id)s evaluation=%(evaluation_id)s] %(message)s"))
    handler.addFilter(ContextFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


def init_request_ids(app):
    """Honour an incoming X-Request-ID (from the proxy) or mint one, and echo it on the response."""

    @app.before_request
    def _bind_request_id():
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming[:64] if incoming.isprintable() and incoming else uuid.uuid4().hex
        g.request_id_token = request_id.set(g.request_id)

    @app.after_request
    def _echo_request_id(response):
        if getattr(g, "request_id", None):
            response.headers["X-Request-ID"] = g.request_id
        return response

    @app.teardown_request
    def _unbind_request_id(_exc):
        token = g.pop("request_id_token", None)
        if token is not None:
            request_id.reset(token)
