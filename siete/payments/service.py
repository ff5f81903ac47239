"""Payments: a company submits proof of payment; only a superadmin's confirmation extends the paid period."""
from datetime import date

from sqlalchemy import select

from siete.companies.models import Company
from siete.core import tenancy
from siete.core.errors import Conflict
from siete.core.models import utcnow
from siete.core.pagination import apply_search, apply_sort
from siete.core.service import owning_company_id, transactional
from siete.extensions import db
from siete.payments.models import Payment
from siete.payments.schemas import DEFAULT_SORT, SORTABLE
from siete.audit import service as audit


def list_payments(args):
    stmt = select(Payment)
    if args.get("company_id"):
        stmt = stmt.where(Payment.company_id == args["company_id"])
    if args.get("paid_from"):
        stmt = stmt.where(Payment.paid_at >= args["paid_from"])
    if args.get("paid_to"):
        stmt = stmt.where(Payment.paid_at <= args["paid_to"])
    if args.get("status"):
        stmt = stmt.where(Payment.status == args["status"])
    stmt = apply_search(stmt, args.get("q"), Payment.reference)
    return apply_sort(stmt, Payment, args.get("sort"), SORTABLE, default=DEFAULT_SORT)


def apply_payment(company, period_end, today=None):
    """Extend paid_until and reactivate the company when the payment covers today."""
    today = today or date.today()
    if company.paid_until is None or period_end > company.paid_until:
        company.paid_until = period_end
    if company.subscription_status != "active" and company.paid_until >= today:
        company.subscription_status = "active"


def _confirm(payment, company, note=None):
    scope = tenancy.current_scope()
    before = audit.snapshot(company, "subscription_status", "paid_until")
    payment.status, payment.confirmed_by_id, payment.confirmed_at = "confirmed", scope.user_id, utcnow()
    payment.review_note = note
    apply_payment(company, payment.period_end)
    db.session.flush()
    audit.record("payment.confirmed", payment, before={"company": before},
                 after={"company": audit.snapshot(company, "subscription_status", "paid_until"),
                        "payment": audit.snapshot(payment, "amount", "currency", "period_end", "method", "reference")})


@transactional
def record_payment(data):
    """A superadmin's record is confirmed at once; a company admin's is a submission that waits for confirmation."""
    scope = tenancy.current_scope()
    company = tenancy.get_or_404(Company, owning_company_id(data.pop("company_id", None)))
    payment = Payment(
        company_id=company.id, recorded_by_id=scope.user_id, status="pending",
        paid_at=data.pop("paid_at", None) or date.today(), **data,
    )
    db.session.add(payment)
    if scope.is_superadmin:
        _confirm(payment, company)
    db.session.flush()
    return payment


def _pending(payment_id):
    payment = tenancy.get_or_404(Payment, payment_id)
    if payment.status != "pending":
        raise Conflict(f"This payment is already {payment.status}")
    return payment


@transactional
def confirm_payment(payment_id, note=None):
    """The platform operator's act: the payment now counts for the company's subscription."""
    payment = _pending(payment_id)
    _confirm(payment, tenancy.get_or_404(Company, payment.company_id), note)
    db.session.flush()
    return payment


@transactional
def reject_payment(payment_id, note):
    payment = _pending(payment_id)
    scope = tenancy.current_scope()
    payment.status, payment.confirmed_by_id, payment.confirmed_at = "rejected", scope.user_id, utcnow()
    payment.review_note = note
    db.session.flush()
    audit.record("payment.rejected", payment, before={"status": "pending"}, after={"status": "rejected", "note": note})
    return payment
