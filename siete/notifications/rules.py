"""Notification row rules: everyone, superadmins included, sees only their own notifications."""
from sqlalchemy.orm import with_loader_criteria

from siete.core.tenancy import register_row_rule
from siete.notifications.models import Notification


@register_row_rule
def _own_notifications(scope):
    return [with_loader_criteria(Notification, Notification.user_id == scope.user_id)]
