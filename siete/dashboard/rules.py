"""Rollup row rules: managers aggregate only their assigned campaigns; shoppers read no rollups (they hold other
shoppers' results)."""
from sqlalchemy import false
from sqlalchemy.orm import with_loader_criteria

from siete.campaigns.rules import assigned_campaign_ids
from siete.core.roles import Role
from siete.core.tenancy import register_row_rule
from siete.dashboard.models import EvaluationRollup, ShopperRollup


@register_row_rule
def _assigned_rollups(scope):
    if scope.role == Role.MANAGER:
        assigned = assigned_campaign_ids(scope.user_id)
        return [with_loader_criteria(EvaluationRollup, EvaluationRollup.campaign_id.in_(assigned)),
                with_loader_criteria(ShopperRollup, ShopperRollup.campaign_id.in_(assigned))]
    if scope.role == Role.SHOPPER:
        return [with_loader_criteria(EvaluationRollup, false()), with_loader_criteria(ShopperRollup, false())]
    return []
