"""Campaign row rules: managers and shoppers see only the campaigns they are assigned to."""
from sqlalchemy import select
from sqlalchemy.orm import with_loader_criteria

from siete.campaigns.models import Campaign, CampaignUser
from siete.core.roles import Role
from siete.core.tenancy import register_row_rule

ASSIGNED_ONLY = (Role.MANAGER, Role.SHOPPER)


def assigned_campaign_ids(user_id):
    """The campaigns a user is staffed on, as a subquery other features' rules filter by."""
    return select(CampaignUser.campaign_id).where(CampaignUser.user_id == user_id, CampaignUser.deleted_at.is_(None))


@register_row_rule
def _assigned_campaigns(scope):
    if scope.role not in ASSIGNED_ONLY:
        return []
    return [with_loader_criteria(Campaign, Campaign.id.in_(assigned_campaign_ids(scope.user_id)))]
