"""Evaluation row rules: shoppers see their own evaluations, managers those of their assigned campaigns."""
from sqlalchemy import select
from sqlalchemy.orm import with_loader_criteria

from siete.campaigns.rules import assigned_campaign_ids
from siete.core.roles import Role
from siete.core.tenancy import register_row_rule
from siete.evaluations.models import Evaluation


def visible_evaluation_ids(scope):
    """The evaluations a manager or shopper may see (None: every evaluation of the tenant)."""
    if scope.role == Role.SHOPPER:
        return select(Evaluation.id).where(Evaluation.user_id == scope.user_id)
    if scope.role == Role.MANAGER:
        return select(Evaluation.id).where(Evaluation.campaign_id.in_(assigned_campaign_ids(scope.user_id)))
    return None


@register_row_rule
def _own_or_assigned(scope):
    if scope.role == Role.SHOPPER:
        return [with_loader_criteria(Evaluation, Evaluation.user_id == scope.user_id)]
    if scope.role == Role.MANAGER:
        return [with_loader_criteria(Evaluation, Evaluation.campaign_id.in_(assigned_campaign_ids(scope.user_id)))]
    return []
