"""Delivery endpoints: the admins' delivery log, my channel preferences, company defaults, unsubscribe links."""
from flask import Response
from flask.views import MethodView

from siete.core.api import Blueprint
from siete.core.pagination import SelectPage
from siete.core.roles import ADMINS
from siete.delivery import service
from siete.delivery.schemas import (CompanyQueryArgsSchema, DeliveryQueryArgsSchema, DeliverySchema,
                                    PreferenceSchema, PreferencesUpdateSchema, UnsubscribeQueryArgsSchema)

blp = Blueprint("deliveries", __name__, url_prefix="/api/v1/deliveries",
                description="Outbound e-mail and SMS: delivery log and preferences")


@blp.route("")
class Deliveries(MethodView):
    @blp.roles(*ADMINS)
    @blp.arguments(DeliveryQueryArgsSchema, location="query")
    @blp.response(200, DeliverySchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, args):
        """List e-mails and SMS sent or attempted, with the provider's answer"""
        return service.list_deliveries(args)


@blp.route("/<id:delivery_id>")
class DeliveryById(MethodView):
    @blp.roles(*ADMINS)
    @blp.response(200, DeliverySchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, delivery_id):
        """Get one delivery"""
        return service.get_delivery(delivery_id)


@blp.route("/preferences")
class MyPreferences(MethodView):
    @blp.login_required(gate_payment=False)
    @blp.response(200, PreferenceSchema(many=True))
    def get(self):
        """My channels per event (mine, else my company's default, else the built-in)"""
        return service.my_preferences()

    @blp.login_required(gate_payment=False)
    @blp.arguments(PreferencesUpdateSchema)
    @blp.response(200, PreferenceSchema(many=True))
    def put(self, data):
        """Choose my channels for some events"""
        return service.update_my_preferences(data["preferences"])


@blp.route("/company-defaults")
class CompanyDefaults(MethodView):
    @blp.roles(*ADMINS)
    @blp.arguments(CompanyQueryArgsSchema, location="query")
    @blp.response(200, PreferenceSchema(many=True))
    def get(self, args):
        """The company's default channels per event"""
        return service.company_defaults(args.get("company_id"))

    @blp.roles(*ADMINS)
    @blp.arguments(CompanyQueryArgsSchema, location="query")
    @blp.arguments(PreferencesUpdateSchema)
    @blp.response(200, PreferenceSchema(many=True))
    def put(self, args, data):
        """Set the company's default channels for some events"""
        return service.update_company_defaults(data["preferences"], args.get("company_id"))


HTML = {"content": {"text/html": {"schema": {"type": "string"}}}}


@blp.route("/unsubscribe")
class Unsubscribe(MethodView):
    @blp.arguments(UnsubscribeQueryArgsSchema, location="query")
    @blp.doc(responses={"200": {"description": "A Spanish confirmation page", **HTML}})
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, args):
        """The signed link of an optional mail: a page that asks to confirm (no login)"""
        return Response(service.unsubscribe_page(args["token"]), mimetype="text/html")

    @blp.arguments(UnsubscribeQueryArgsSchema, location="query")
    @blp.doc(responses={"200": {"description": "The page saying it is done", **HTML}})
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, args):
        """Stop e-mails of that event: the page's button, or a mail client's one-click (RFC 8058)"""
        return Response(service.unsubscribe(args["token"]), mimetype="text/html")
