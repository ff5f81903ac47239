"""Payments: recording one extends the company's paid period and lifts a past-due or suspended state."""
from datetime import date

from sqlalchemy import select

from siete.companies.models import Company
from siete.core import tenancy
from siete.core.pagination import apply_search, apply_sort
from siete.core.service import owning_company_id, transactional
from siete.extensions import db
from siete.payments.models import Payment

SORTABLE = {"id", "amount", "paid_at", "period_end", "created_at"}


def list_payments(args):
    stmt = select(Payment)
    if args.get("company_id"):
        stmt = stmt.where(Payment.company_id == args["company_id"])
    if args.get("paid_from"):
        stmt = stmt.where(Payment.paid_at >= args["paid_from"])
    if args.get("paid_to"):
        stmt = stmt.where(Payment.paid_at <= args["paid_to"])
    stmt = apply_search(stmt, args.get("q"), Payment.reference)
    return apply_sort(stmt, Payment, args.get("sort"), SORTABLE, default="-paid_at")


def apply_payment(company, period_end, today=None):
    """Extend paid_until and reactivate the company when the payment covers today."""
    today = today or date.today()
    if company.paid_until is None or period_end > company.paid_until:
        company.paid_until = period_end
    if company.subscription_status != "active" and company.paid_until >= today:
        company.subscription_status = "active"


@transactional
def record_payment(data):
    company = tenancy.get_or_404(Company, owning_company_id(data.pop("company_id", None)))
    payment = Payment(
        company_id=company.id, recorded_by_id=tenancy.current_scope().user_id,
        paid_at=data.pop("paid_at", None) or date.today(), **data,
    )
    db.session.add(payment)
    apply_payment(company, payment.period_end)
    db.session.flush()
    return payment
