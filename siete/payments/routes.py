"""Payments endpoints (seed §6.11)."""
from flask.views import MethodView

from siete.core.api import Blueprint
from siete.core.pagination import SelectPage
from siete.core.roles import ADMINS, Role
from siete.payments import service
from siete.payments.schemas import (
    PaymentCreateSchema, PaymentQueryArgsSchema, PaymentRejectSchema, PaymentReviewSchema, PaymentSchema,
)

blp = Blueprint("payments", __name__, url_prefix="/api/v1/payments", description="Subscription payments")


@blp.route("")
class Payments(MethodView):
    @blp.roles(*ADMINS)
    @blp.arguments(PaymentQueryArgsSchema, location="query")
    @blp.response(200, PaymentSchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, args):
        """List payments"""
        return service.list_payments(args)

    @blp.roles(*ADMINS, gate_payment=False)
    @blp.arguments(PaymentCreateSchema)
    @blp.response(201, PaymentSchema)
    def post(self, data):
        """Record a payment: a superadmin's counts at once, a company admin's waits for confirmation (never gated)"""
        return service.record_payment(data)


@blp.route("/<id:payment_id>/confirm")
class ConfirmPayment(MethodView):
    @blp.roles(Role.SUPERADMIN)
    @blp.arguments(PaymentReviewSchema, required=False)
    @blp.response(200, PaymentSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data, payment_id):
        """Confirm a submitted payment: it extends paid_until and lifts a suspension"""
        return service.confirm_payment(payment_id, (data or {}).get("note"))


@blp.route("/<id:payment_id>/reject")
class RejectPayment(MethodView):
    @blp.roles(Role.SUPERADMIN)
    @blp.arguments(PaymentRejectSchema)
    @blp.response(200, PaymentSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data, payment_id):
        """Reject a submitted payment with a reason"""
        return service.reject_payment(payment_id, data["note"])
