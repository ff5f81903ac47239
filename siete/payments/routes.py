"""Payments endpoints (seed §6.11)."""
from flask.views import MethodView

from siete.core.api import Blueprint
from siete.core.pagination import SelectPage
from siete.core.roles import ADMINS
from siete.payments import service
from siete.payments.schemas import PaymentCreateSchema, PaymentQueryArgsSchema, PaymentSchema

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
        """Record a payment (also the way out of a suspension, so it is never payment-gated)"""
        return service.record_payment(data)
