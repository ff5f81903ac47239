"""Payment schemas."""
import marshmallow as ma
from marshmallow import validate

from siete.core.pagination import ListArgsSchema
from siete.core.schemas import EntitySchema

METHODS = ("transfer", "card", "cash", "check", "other")


class PaymentFields(ma.Schema):
    amount = ma.fields.Decimal(places=2, as_string=True, validate=validate.Range(min=0.01, max=10_000_000))
    currency = ma.fields.String(validate=validate.Regexp(r"^[A-Z]{3}$", error="Use an ISO 4217 code, e.g. USD"))
    period_start = ma.fields.Date()
    period_end = ma.fields.Date()
    method = ma.fields.String(validate=validate.OneOf(METHODS))
    reference = ma.fields.String(validate=validate.Length(max=100), allow_none=True)
    paid_at = ma.fields.Date()


class PaymentCreateSchema(PaymentFields):
    amount = ma.fields.Decimal(places=2, as_string=True, required=True, validate=validate.Range(min=0.01, max=10_000_000))
    currency = ma.fields.String(load_default="USD", validate=validate.Regexp(r"^[A-Z]{3}$", error="Use an ISO 4217 code, e.g. USD"))
    period_start = ma.fields.Date(required=True)
    period_end = ma.fields.Date(required=True)
    method = ma.fields.String(required=True, validate=validate.OneOf(METHODS))
    company_id = ma.fields.Integer(metadata={"description": "Superadmin only."})

    @ma.validates_schema
    def _period_in_order(self, data, **kwargs):
        if data.get("period_start") and data.get("period_end") and data["period_start"] > data["period_end"]:
            raise ma.ValidationError("Must be on or after period_start", "period_end")


class PaymentSchema(EntitySchema, PaymentFields):
    company_id = ma.fields.Integer()
    recorded_by_id = ma.fields.Integer(allow_none=True)


class PaymentQueryArgsSchema(ListArgsSchema):
    company_id = ma.fields.Integer(metadata={"description": "Superadmin only."})
    paid_from = ma.fields.Date()
    paid_to = ma.fields.Date()
