"""Company schemas; subscription fields are read-only (payments and beat own them)."""
import marshmallow as ma
from marshmallow import validate

from siete.companies.models import SUBSCRIPTION_STATUSES
from siete.core.pagination import ListArgsSchema, Sort
from siete.core.schemas import Email, EntitySchema, Name

COUNTRY = dict(validate=validate.Regexp(r"^[A-Z]{2}$", error="Use an ISO 3166-1 alpha-2 code, e.g. DO"))


class CompanyFields(ma.Schema):
    name = Name(200)
    phone = ma.fields.String(validate=validate.Length(max=40), allow_none=True)
    email = Email(allow_none=True)
    address = ma.fields.String(validate=validate.Length(max=300), allow_none=True)
    state = ma.fields.String(validate=validate.Length(max=100), allow_none=True)
    country = ma.fields.String(**COUNTRY)


class CompanySchema(EntitySchema, CompanyFields):
    subscription_status = ma.fields.String(dump_only=True)
    paid_until = ma.fields.Date(dump_only=True, allow_none=True)
    invite_code = ma.fields.String(dump_only=True, allow_none=True)
    review_required = ma.fields.Boolean(dump_only=True, metadata={
        "description": "Analyses wait in_review until a reviewer publishes them (PUT .../review-policy)."})


class CompanyCreateSchema(CompanyFields):
    name = Name(200, required=True)
    country = ma.fields.String(load_default="DO", **COUNTRY)


SORTABLE = {"id", "name", "country", "subscription_status", "paid_until", "created_at"}


class CompanyQueryArgsSchema(ListArgsSchema):
    sort = Sort(SORTABLE)
    subscription_status = ma.fields.String(validate=validate.OneOf(SUBSCRIPTION_STATUSES))
    country = ma.fields.String(**COUNTRY)


class InviteCodeSchema(ma.Schema):
    invite_code = ma.fields.String(dump_only=True)


class ReviewPolicySchema(ma.Schema):
    review_required = ma.fields.Boolean(required=True)
