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
    from siete.extensions import api

    exc = HTTPException(description=message)
    exc.code = status  # werkzeug has no class for some codes (402), the handler only needs the number
    exc.data = {"message": message, **({"errors": errors} if errors else {})}
    return api.handle_http_exception(exc)


def register_error_handlers(app):
    """Map domain errors and integrity conflicts onto the API's JSON error format."""

    @app.errorhandler(DomainError)
    def _domain_error(err):
        return error_response(err.status, err.message, err.errors)

    @app.errorhandler(IntegrityError)
    def _integrity_error(err):
        from siete.extensions import db

        db.session.rollback()
        return error_response(409, "The request conflicts with existing data")
