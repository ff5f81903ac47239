"""Company management (tenants)."""
import secrets

from sqlalchemy import select

from siete.companies.models import Company
from siete.core import tenancy
from siete.core.pagination import apply_search, apply_sort
from siete.core.service import transactional
from siete.extensions import db
from siete.companies.schemas import SORTABLE
from siete.audit import service as audit


def new_invite_code():
    return secrets.token_urlsafe(12)


def list_companies(args):
    stmt = select(Company)
    for field in ("subscription_status", "country"):
        if args.get(field):
            stmt = stmt.where(getattr(Company, field) == args[field])
    stmt = apply_search(stmt, args.get("q"), Company.name, Company.email)
    return apply_sort(stmt, Company, args.get("sort"), SORTABLE)


def get_company(company_id):
    return tenancy.get_or_404(Company, company_id)


@transactional
def create_company(data):
    company = Company(invite_code=new_invite_code(), **data)
    db.session.add(company)
    db.session.flush()
    return company


@transactional
def update_company(company_id, data):
    company = get_company(company_id)
    for key, value in data.items():
        setattr(company, key, value)
    return company


@transactional
def set_review_policy(company_id, data):
    """Whether the company's analyses wait for a reviewer before its people see them (the operator's decision)."""
    company = get_company(company_id)
    if company.review_required != data["review_required"]:
        audit.record("company.review_policy", company, before={"review_required": company.review_required},
                     after={"review_required": data["review_required"]})
        company.review_required = data["review_required"]
    return company


@transactional
def delete_company(company_id):
    """Soft-delete: its users can no longer authenticate, its data stays for audit."""
    company = get_company(company_id)
    company.soft_delete()
    audit.record("company.deleted", company, before=audit.snapshot(company, "name", "subscription_status"))


@transactional
def rotate_invite_code(company_id):
    company = get_company(company_id)
    company.invite_code = new_invite_code()
    audit.record("company.invite_code_rotated", company)
    return company
