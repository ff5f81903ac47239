"""The one Blueprint subclass: its auth decorators enforce access and document it in OpenAPI."""
from functools import wraps

import flask_smorest
import marshmallow as ma
from flask import current_app, request
from flask_smorest.pagination import PaginationMetadataSchema
from flask_smorest.utils import resolve_schema_instance
from flask_jwt_extended import current_user, verify_jwt_in_request
from webargs.flaskparser import FlaskParser
from webargs.multidictproxy import MultiDictProxy
from werkzeug.datastructures import CombinedMultiDict
from werkzeug.routing import IntegerConverter

from siete.core import tenancy
from siete.core.errors import Forbidden, Invalid, PaymentRequired, text_problem
from siete.core.pagination import SelectPage
from siete.core.roles import Role

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
BEARER = [{"bearerAuth": []}]


def _gate_suspended(user):
    """A suspended company keeps read access but cannot write; superadmins are never blocked."""
    if user.role != Role.SUPERADMIN and request.method not in SAFE_METHODS and user.company_suspended:
        raise PaymentRequired("The company's subscription is suspended: record a payment to continue")


def _scope_for(user):
    company_id = None if user.role == Role.SUPERADMIN else user.company_id
    return tenancy.Scope(company_id=company_id, user_id=user.id, role=Role(user.role), reviewer=user.is_reviewer)


class Parser(FlaskParser):
    """The `form` location also reads a multipart body's files: one schema describes the whole upload, and the
    OpenAPI document shows one multipart/form-data request body instead of invalid `formData` parameters."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._instances = {}

    def load_form(self, req, schema):
        return MultiDictProxy(CombinedMultiDict([req.form, req.files]), schema)

    def _get_schema(self, argmap, req):
        """A schema class is instantiated once, not per request (webargs does; flask-smorest passes classes, e.g.
        the pagination parameters): loading does not change the instance, as with the instances routes pass."""
        if isinstance(argmap, type) and issubclass(argmap, ma.Schema):
            schema = self._instances.get(argmap)
            if schema is None:
                schema = self._instances.setdefault(argmap, argmap())
            return schema
        return super()._get_schema(argmap, req)


_PAGINATION_METADATA = PaginationMetadataSchema()  # built once (flask-smorest builds one per request)


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest Blueprint with `login_required` and `roles(...)` decorators."""

    ARGUMENTS_PARSER = Parser()
    PAGINATION_ARGUMENTS_PARSER = Parser()

    def paginate(self, pager=None, **kwargs):
        """A SelectPage gets its own subclass per route, so `response` can tell it the route's schema (it reads the
        page as rows of the listed columns when the schema allows, see core.pagination.listed_columns)."""
        if isinstance(pager, type) and issubclass(pager, SelectPage):
            pager = type(pager.__name__, (pager,), {"listed": None})
        decorator = super().paginate(pager, **kwargs)

        def with_pager(func):
            wrapper = decorator(func)
            wrapper._siete_pager = pager
            return wrapper

        return with_pager

    def response(self, status_code, schema=None, **kwargs):
        schema = resolve_schema_instance(schema) if schema is not None else None
        decorator = super().response(status_code, schema, **kwargs)

        def with_schema(func):
            pager = getattr(func, "_siete_pager", None)
            if pager is not None and isinstance(schema, ma.Schema) and schema.many:
                pager.listed = schema
            return decorator(func)

        return with_schema

    @staticmethod
    def _make_pagination_metadata(page, page_size, item_count):
        """flask-smorest's X-Pagination object, dumped with one schema instance for the process."""
        metadata = {"total": item_count, "total_pages": 0}
        if item_count:
            last_page = (item_count - 1) // page_size + 1
            metadata.update(total_pages=last_page, first_page=1, last_page=last_page)
            if page <= last_page:
                metadata["page"] = page
                if page > 1:
                    metadata["previous_page"] = page - 1
                if page < last_page:
                    metadata["next_page"] = page + 1
        return _PAGINATION_METADATA.dump(metadata)

    def arguments(self, schema, *, location="json", required=True, **kwargs):
        """A required JSON body must be there: an empty PUT is a 422, not a successful no-op."""
        decorator = super().arguments(schema, location=location, required=required, **kwargs)
        if location != "json" or not required:
            return decorator

        def with_body(func):
            parsed = decorator(func)

            @wraps(parsed)
            def wrapper(*args, **kw):
                if not request.get_data(cache=True).strip():
                    raise Invalid({"_schema": ["A JSON body is required"]})
                return parsed(*args, **kw)

            return wrapper

        return with_body

    def login_required(self, func=None, *, refresh=False, gate_payment=True, locations=None):
        """Any authenticated user (the user row is reloaded, so role or deletion changes apply at once).
        `locations` widens where the token is read (only the SSE stream accepts the query string)."""
        options = dict(roles=None, refresh=refresh, gate_payment=gate_payment, locations=locations)
        if func is None:
            return lambda f: self._guard(f, **options)
        return self._guard(func, **options)

    def roles(self, *allowed: Role, gate_payment=True, upload=False, reviewer=False):
        """Only users holding one of `allowed` roles; others get 403. `upload` admits a multipart body up to
        MAX_UPLOAD_MB, read only once the caller is authenticated and allowed (every other body is capped small).
        `reviewer` also requires the reviewer permission (superadmins hold it always)."""
        return lambda func: self._guard(func, roles=frozenset(allowed), refresh=False, gate_payment=gate_payment,
                                        upload=upload, reviewer=reviewer)

    def _guard(self, func, *, roles, refresh, gate_payment, locations=None, upload=False, reviewer=False):
        @wraps(func)
        def wrapper(*args, **kwargs):
            verify_jwt_in_request(refresh=refresh, locations=locations)
            user = current_user
            if roles is not None and Role(user.role) not in roles:
                raise Forbidden("Your role does not allow this action")
            if reviewer and not (user.role == Role.SUPERADMIN or user.is_reviewer):
                raise Forbidden("Only reviewers may do this")
            if gate_payment:
                _gate_suspended(user)
            if upload:
                request.max_content_length = current_app.config["MAX_UPLOAD_BYTES"]
                if problem := text_problem("form", request.form.to_dict(flat=False)):
                    return problem
            with tenancy.enter(_scope_for(user)):
                return func(*args, **kwargs)

        wrapper = self.doc(security=BEARER)(wrapper)
        wrapper = self.alt_response(401, response="UNAUTHORIZED")(wrapper)
        if roles is not None:
            names = ", ".join(r.name.lower() for r in sorted(roles))
            who = f"Roles: {names}" + (", with the reviewer permission (superadmins always)" if reviewer else "")
            wrapper = self.doc(description=f"{who}.")(wrapper)
            wrapper = self.alt_response(403, response="FORBIDDEN")(wrapper)
        if gate_payment:
            wrapper = self.alt_response(402, response="PAYMENT_REQUIRED")(wrapper)
        return wrapper


MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<id:name>`: a positive 32-bit row id; anything else is a plain 404, never a database error."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=MAX_ID)


def register_id_converter(app, api):
    app.url_map.converters["id"] = IdConverter
    api.register_converter(IdConverter, lambda _c: {"type": "integer", "minimum": 1, "maximum": MAX_ID})
