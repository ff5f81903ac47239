"""Report row rules: a company's admins see all its reports; managers (and anyone else) only the ones they asked for."""
from sqlalchemy.orm import with_loader_criteria

from siete.core.roles import Role
from siete.core.tenancy import register_row_rule
from siete.reports.models import Report


@register_row_rule
def _own_reports(scope):
    if scope.role in (Role.SUPERADMIN, Role.ADMIN):
        return []
    return [with_loader_criteria(Report, Report.requested_by_id == scope.user_id)]
