"""Companies endpoints (seed §6.3)."""
from flask.views import MethodView

from siete.companies import service
from siete.companies.schemas import (
    CompanyCreateSchema,
    CompanyFields,
    CompanyQueryArgsSchema,
    CompanySchema,
    InviteCodeSchema,
    ReviewPolicySchema,
)
from siete.core.api import Blueprint
from siete.core.pagination import SelectPage
from siete.core.roles import ADMINS, Role

blp = Blueprint("companies", __name__, url_prefix="/api/v1/companies", description="Tenants")


@blp.route("")
class Companies(MethodView):
    @blp.roles(Role.SUPERADMIN)
    @blp.arguments(CompanyQueryArgsSchema, location="query")
    @blp.response(200, CompanySchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, args):
        """List companies"""
        return service.list_companies(args)

    @blp.roles(Role.SUPERADMIN)
    @blp.arguments(CompanyCreateSchema)
    @blp.response(201, CompanySchema)
    def post(self, data):
        """Create a company"""
        return service.create_company(data)


@blp.route("/<id:company_id>")
class CompanyById(MethodView):
    @blp.roles(*ADMINS)
    @blp.response(200, CompanySchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, company_id):
        """Get a company"""
        return service.get_company(company_id)

    @blp.roles(*ADMINS)
    @blp.arguments(CompanyFields)
    @blp.response(200, CompanySchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def put(self, data, company_id):
        """Update a company"""
        return service.update_company(company_id, data)

    @blp.roles(Role.SUPERADMIN)
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, company_id):
        """Soft-delete a company"""
        service.delete_company(company_id)


@blp.route("/<id:company_id>/invite-code")
class CompanyInviteCode(MethodView):
    @blp.roles(*ADMINS)
    @blp.response(200, InviteCodeSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, company_id):
        """Rotate the invitation code shoppers use to register"""
        return service.rotate_invite_code(company_id)


@blp.route("/<id:company_id>/review-policy")
class CompanyReviewPolicy(MethodView):
    @blp.roles(Role.SUPERADMIN)
    @blp.arguments(ReviewPolicySchema)
    @blp.response(200, CompanySchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def put(self, data, company_id):
        """Require (or stop requiring) review before the company sees its analyses"""
        return service.set_review_policy(company_id, data)
