"""Prompt management endpoints: per-company analysis prompts, versioned (seed §8.4 PromptManager)."""
from flask.views import MethodView

from siete.core import tenancy
from siete.core.api import Blueprint
from siete.core.roles import ADMINS
from siete.prompts import service
from siete.prompts.schemas import (
    ActivationCheckSchema,
    EffectivePromptSchema,
    PromptActivateSchema,
    PromptCreateSchema,
    PromptQueryArgsSchema,
    PromptSchema,
)

blp = Blueprint("prompts", __name__, url_prefix="/api/v1/prompts", description="Analysis prompts per company")


@blp.route("")
class Prompts(MethodView):
    @blp.roles(*ADMINS)
    @blp.arguments(PromptQueryArgsSchema, location="query")
    @blp.response(200, PromptSchema(many=True))
    def get(self, args):
        """List prompt versions, newest first"""
        return service.list_prompts(args)

    @blp.roles(*ADMINS)
    @blp.arguments(PromptCreateSchema)
    @blp.response(201, PromptSchema)
    def post(self, data):
        """Create a new prompt version; it becomes the active one once its golden-set check passes (`activation`),
        at once with `force` or when the company has no reviewed evaluations"""
        return service.create_prompt(data)


@blp.route("/effective")
class EffectivePrompt(MethodView):
    @blp.roles(*ADMINS)
    @blp.arguments(PromptQueryArgsSchema, location="query")
    @blp.response(200, EffectivePromptSchema)
    def get(self, args):
        """The prompt the next analysis will use (company, else global, else built-in)"""
        scope = tenancy.current_scope()
        return service.effective_prompt(args.get("company_id") if scope.is_superadmin else scope.company_id)


@blp.route("/<id:prompt_id>")
class PromptById(MethodView):
    @blp.roles(*ADMINS)
    @blp.response(200, PromptSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, prompt_id):
        """Get a prompt version"""
        return service.get_prompt(prompt_id)

    @blp.roles(*ADMINS)
    @blp.arguments(PromptActivateSchema)
    @blp.response(200, PromptSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def put(self, data, prompt_id):
        """Activate a stored version after a golden-set check on the company's reviewed evaluations (see
        `activation`), or at once with `force` (content never changes: write a new version instead)"""
        return service.activate_prompt(prompt_id, data)

    @blp.roles(*ADMINS)
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, prompt_id):
        """Soft-delete a prompt version"""
        service.delete_prompt(prompt_id)


@blp.route("/activation-checks/<id:check_id>")
class ActivationCheckById(MethodView):
    @blp.roles(*ADMINS)
    @blp.response(200, ActivationCheckSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, check_id):
        """Follow a golden-set check: progress, agreement before and after, and why it was refused"""
        return service.get_activation_check(check_id)
