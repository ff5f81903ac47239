"""Payment schemas."""
import marshmallow as ma
from marshmallow import validate

from siete.core.pagination import ListArgsSchema, Sort
from siete.core.schemas import EntitySchema, Id

METHODS = ("transfer", "card", "cash", "check", "other")
STATUSES = ("pending", "confirmed", "rejected")
MAX_AMOUNT = 10_000_000


def _amount_in_range(value):
    if not 0 < value <= MAX_AMOUNT:
        raise ma.ValidationError(f"Must be more than 0 and at most {MAX_AMOUNT}.")


def Amount(**kwargs):  # noqa: N802
    return ma.fields.Decimal(places=2, as_string=True, validate=_amount_in_range,
                             metadata={"type": "string", "format": "decimal", "pattern": r"^\d{1,8}(\.\d{1,2})?$",
                                       "description": "Decimal string, e.g. \"499.00\"."}, **kwargs)


class PaymentFields(ma.Schema):
    amount = Amount()
    currency = ma.fields.String(validate=validate.Regexp(r"^[A-Z]{3}$", error="Use an ISO 4217 code, e.g. USD"))
    period_start = ma.fields.Date()
    period_end = ma.fields.Date()
    method = ma.fields.String(validate=validate.OneOf(METHODS))
    reference = ma.fields.String(validate=validate.Length(max=100), allow_none=True)
    paid_at = ma.fields.Date()


class PaymentCreateSchema(PaymentFields):
    amount = Amount(required=True)
    currency = ma.fields.String(load_default="USD", validate=validate.Regexp(r"^[A-Z]{3}$", error="Use an ISO 4217 code, e.g. USD"))
    period_start = ma.fields.Date(required=True)
    period_end = ma.fields.Date(required=True)
    method = ma.fields.String(required=True, validate=validate.OneOf(METHODS))
    company_id = Id(metadata={"description": "Superadmin only."})

    @ma.validates_schema
    def _period_in_order(self, data, **kwargs):
        if data.get("period_start") and data.get("period_end") and data["period_start"] > data["period_end"]:
            raise ma.ValidationError("Must be on or after period_start", "period_end")


class PaymentSchema(EntitySchema, PaymentFields):
    company_id = ma.fields.Integer()
    recorded_by_id = ma.fields.Integer(allow_none=True)
    status = ma.fields.String(metadata={"enum": list(STATUSES), "description": (
        "pending: submitted by the company, waiting for a superadmin; confirmed: counts for the subscription.")})
    confirmed_by_id = ma.fields.Integer(allow_none=True)
    confirmed_at = ma.fields.DateTime(allow_none=True)
    review_note = ma.fields.String(allow_none=True)


class PaymentReviewSchema(ma.Schema):
    note = ma.fields.String(validate=validate.Length(max=500), load_default=None, allow_none=True)


class PaymentRejectSchema(ma.Schema):
    note = ma.fields.String(required=True, validate=validate.Length(min=1, max=500))


SORTABLE = {"id", "amount", "paid_at", "period_end", "created_at", "status"}
DEFAULT_SORT = "-paid_at"


class PaymentQueryArgsSchema(ListArgsSchema):
    sort = Sort(SORTABLE, default=DEFAULT_SORT)
    company_id = Id(metadata={"description": "Superadmin only."})
    paid_from = ma.fields.Date()
    paid_to = ma.fields.Date()
    status = ma.fields.String(validate=validate.OneOf(STATUSES))
