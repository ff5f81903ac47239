"""Audit log endpoint (read only: entries are never edited or removed)."""
from flask.views import MethodView

from siete.audit import service
from siete.audit.schemas import AuditEntrySchema, AuditQueryArgsSchema
from siete.core.api import Blueprint
from siete.core.pagination import SelectPage
from siete.core.roles import ADMINS

blp = Blueprint("audit", __name__, url_prefix="/api/v1/audit-log",
                description="Who changed what: payments, roles, deletions, prompts (append-only)")


@blp.route("")
class AuditLog(MethodView):
    @blp.roles(*ADMINS, gate_payment=False)
    @blp.arguments(AuditQueryArgsSchema, location="query")
    @blp.response(200, AuditEntrySchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, args):
        """List audit entries (superadmin: every company; admin: own company), newest first"""
        return service.list_entries(args)
