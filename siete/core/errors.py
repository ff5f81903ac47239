"""Domain errors raised by services, and the one place that maps them (and DB conflicts) to HTTP."""
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    status = 400

    def __init__(self, message, errors=None):
        super().__init__(message)
        self.message = message
        self.errors = errors


class NotFound(DomainError):
    status = 404

    def __init__(self, message="Not found", errors=None):
        super().__init__(message, errors)


class Forbidden(DomainError):
    status = 403


class Conflict(DomainError):
    status = 409


class PaymentRequired(DomainError):
    status = 402


class Invalid(DomainError):
    """Input that is well-formed but breaks a business rule; errors maps field -> messages."""

    status = 422

    def __init__(self, field_errors, message="Invalid input"):
        super().__init__(message, {"json": field_errors})


def error_response(status, message, errors=None):
    """Render an error in the same JSON shape flask-smorest gives its own errors."""
    exc = HTTPException(description=message)
    exc.code = status  # werkzeug has no class for some codes (402), the handler only needs the number
    exc.data = {"message": message, **({"errors": errors} if errors else {})}
    return handle_http_exception(exc)


def handle_http_exception(err):
    """flask-smorest's JSON body, plus the exception's own headers (Allow on 405) and a message always."""
    from siete.extensions import api

    payload, code, headers = api.handle_http_exception(err)
    payload.setdefault("message", err.description)
    headers = dict(headers or {})
    for name, value in err.get_headers():
        if name.lower() != "content-type":
            headers.setdefault(name, value)
    return payload, code, headers


def register_error_handlers(app):
    """Map domain errors and integrity conflicts onto the API's JSON error format."""
    app.register_error_handler(HTTPException, handle_http_exception)
    app.before_request(reject_bad_text)

    @app.errorhandler(DomainError)
    def _domain_error(err):
        return error_response(err.status, err.message, err.errors)

    @app.errorhandler(IntegrityError)
    def _integrity_error(err):
        from siete.extensions import db

        db.session.rollback()
        return error_response(409, "The request conflicts with existing data")


MAX_JSON_DEPTH = 32


class _BadText(Exception):
    def __init__(self, reason):
        self.reason = reason


def _check_text(value, depth=0):
    """Raise _BadText on what no text column can store (NUL, a lone surrogate) or on absurd nesting."""
    if depth > MAX_JSON_DEPTH:
        raise _BadText(f"Nested deeper than {MAX_JSON_DEPTH} levels")
    if isinstance(value, str):
        if "\x00" in value:
            raise _BadText("NUL characters are not allowed")
        if any("\ud800" <= ch <= "\udfff" for ch in value):
            raise _BadText("Invalid Unicode: unpaired surrogate characters are not allowed")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key, depth + 1)
            _check_text(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_text(item, depth + 1)


def _json_body(request):
    try:
        return request.get_json(silent=True)
    except RecursionError:
        raise _BadText(f"Nested deeper than {MAX_JSON_DEPTH} levels") from None


def text_problem(location, values):
    """The 422 answer for unstorable text in `values`, or None."""
    try:
        _check_text(values)
    except _BadText as bad:
        return error_response(422, "Invalid input", {location: [bad.reason]})
    return None


def reject_bad_text():
    """Refuse unstorable text at the door, for the query, JSON and url-encoded forms (bodies the size cap admits).
    Multipart bodies are uploads: their fields are checked after authentication (core/api.py), never before."""
    from flask import request

    if problem := text_problem("query", request.args.to_dict(flat=False)):
        return problem
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        return None  # the route's own read answers 413 without reading it
    if request.is_json:
        try:
            body = _json_body(request)
        except _BadText as bad:
            return error_response(422, "Invalid input", {"json": [bad.reason]})
        return text_problem("json", body)
    if request.mimetype == "application/x-www-form-urlencoded":
        return text_problem("form", request.form.to_dict(flat=False))
    return None
