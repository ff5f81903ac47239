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
    app.before_request(reject_nul_characters)

    @app.errorhandler(DomainError)
    def _domain_error(err):
        return error_response(err.status, err.message, err.errors)

    @app.errorhandler(IntegrityError)
    def _integrity_error(err):
        from siete.extensions import db

        db.session.rollback()
        return error_response(409, "The request conflicts with existing data")


NUL = "\x00"


def _has_nul(value):
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def reject_nul_characters():
    """No text column can store NUL: refuse it at the door, for query, JSON and form input alike."""
    from flask import request

    for location, values in (("query", request.args.to_dict(flat=False)),
                             ("json", request.get_json(silent=True) if request.is_json else None),
                             ("form", request.form.to_dict(flat=False) if request.mimetype in FORM_TYPES else None)):
        if _has_nul(values):
            return error_response(422, "Invalid input", {location: ["NUL characters are not allowed"]})
    return None


FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
