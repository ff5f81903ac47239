"""Analysis prompts per company (the seed's PromptManager): versioned, one active, global fallback."""
from sqlalchemy import func, select

from siete.ai.prompts import PROMPT_VERSION, default_prompt
from siete.companies.models import Company
from siete.core import tenancy
from siete.core.errors import Invalid
from siete.core.service import transactional
from siete.extensions import db
from siete.prompts import gate
from siete.prompts.models import ActivationCheck, Prompt
from siete.audit import service as audit

NAME = "analysis"


def list_prompts(args):
    stmt = select(Prompt).order_by(Prompt.company_id.nulls_first(), Prompt.version.desc())
    if args.get("company_id"):
        stmt = stmt.where(Prompt.company_id == args["company_id"])
    return db.session.scalars(stmt).all()


def get_prompt(prompt_id):
    return tenancy.get_or_404(Prompt, prompt_id)


def _target_company(data):
    scope = tenancy.current_scope()
    requested = data.get("company_id")
    if not scope.is_superadmin:
        if requested is not None and requested != scope.company_id:
            raise Invalid({"company_id": ["You can only manage your own company's prompts"]})
        return scope.company_id
    if requested is not None:
        tenancy.get_or_404(Company, requested)
    return requested


def _same_family(company_id):
    return gate.family(company_id, NAME)


@transactional
def create_prompt(data):
    """A new version, active once it passes the golden-set check (prompts/gate.py) or at once when forced or when
    there is nothing to compare on; older versions stay for the analyses that used them."""
    company_id = _target_company(data)
    family = _same_family(company_id)
    latest = db.session.scalar(
        select(func.max(Prompt.version)).where(*family).execution_options(include_deleted=True)
    )
    prompt = Prompt(company_id=company_id, name=NAME, version=(latest or 0) + 1, content=data["content"],
                    is_active=False, created_by_id=tenancy.current_scope().user_id)
    db.session.add(prompt)
    db.session.flush()
    audit.record("prompt.created", prompt, after=audit.snapshot(prompt, "version", "content", "company_id"))
    prompt.activation = gate.request_activation("prompt", prompt, force=data.get("force", False))
    return prompt


@transactional
def activate_prompt(prompt_id, data):
    """Roll back (or forward) to a stored version, through the same golden-set check as a new one."""
    prompt = get_prompt(prompt_id)
    prompt.activation = gate.request_activation("prompt", prompt, force=data.get("force", False))
    return prompt


def get_activation_check(check_id):
    return tenancy.get_or_404(ActivationCheck, check_id)


@transactional
def delete_prompt(prompt_id):
    """Deleting the active version falls back to the global default, then to the built-in prompt."""
    prompt = get_prompt(prompt_id)
    prompt.is_active = False
    prompt.soft_delete()
    audit.record("prompt.deleted", prompt, before=audit.snapshot(prompt, "version", "content", "company_id"))


def version_label(prompt):
    owner = "global" if prompt.company_id is None else f"company-{prompt.company_id}"
    return f"{owner}-v{prompt.version}"


def effective_prompt(company_id):
    """The prompt an analysis of this company uses: its own active one, the global one, or the built-in."""
    candidates = ((company_id, "company"), (None, "global")) if company_id else ((None, "global"),)
    with tenancy.system_scope():
        for owner_id, source in candidates:
            prompt = db.session.scalars(
                select(Prompt).where(*_same_family(owner_id), Prompt.is_active.is_(True))
            ).first()
            if prompt is not None:
                return {"source": source, "version": version_label(prompt), "content": prompt.content}
    builtin = default_prompt()
    return {"source": "built-in", "version": PROMPT_VERSION, "content": builtin.text}
