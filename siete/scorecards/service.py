"""Scorecards per company: versioned (a change is a new version, one active), read by the analysis pipeline."""
from dataclasses import replace

from sqlalchemy import func, select, update

from siete.ai.criteria import Criterion
from siete.audit import service as audit
from siete.campaigns.models import Campaign
from siete.core import tenancy
from siete.core.errors import Invalid
from siete.core.service import owning_company_id, transactional
from siete.extensions import db
from siete.prompts import gate
from siete.scorecards.crosscheck import contradictions
from siete.scorecards.models import Scorecard
from siete.scorecards.schemas import DEFAULT_CHECK_WEIGHTS
from siete.surveys.service import answers_of

BUILT_IN_VERSION = "basic-v1"
AUDITED = ("version", "company_id", "check_weights", "criteria")


def list_scorecards(args):
    stmt = select(Scorecard).order_by(Scorecard.company_id, Scorecard.version.desc())
    if args.get("company_id"):
        stmt = stmt.where(Scorecard.company_id == args["company_id"])
    return db.session.scalars(stmt).all()


def get_scorecard(scorecard_id):
    return tenancy.get_or_404(Scorecard, scorecard_id)


def _check_campaigns(criteria, company_id):
    """Every campaign a criterion names belongs to the scorecard's company (else a field error, never a leak)."""
    wanted = {cid for criterion in criteria for cid in criterion["campaign_ids"]}
    known = set(db.session.scalars(select(Campaign.id).where(Campaign.id.in_(wanted),
                                                             Campaign.company_id == company_id))) if wanted else set()
    errors = {index: {"campaign_ids": [f"Campañas desconocidas: {sorted(set(c['campaign_ids']) - known)}"]}
              for index, c in enumerate(criteria) if set(c["campaign_ids"]) - known}
    if errors:
        raise Invalid({"criteria": errors})


@transactional
def create_scorecard(data):
    """A new version, active once it passes the golden-set check (prompts/gate.py), at once when forced or when the
    company has no reviewed evaluations; older versions stay for the analyses that used them."""
    company_id = owning_company_id(data.get("company_id"))
    _check_campaigns(data["criteria"], company_id)
    latest = db.session.scalar(select(func.max(Scorecard.version)).where(Scorecard.company_id == company_id)
                               .execution_options(include_deleted=True))
    scorecard = Scorecard(company_id=company_id, version=(latest or 0) + 1, is_active=False,
                          check_weights=data["check_weights"], criteria=data["criteria"],
                          created_by_id=tenancy.current_scope().user_id)
    db.session.add(scorecard)
    db.session.flush()
    audit.record("scorecard.created", scorecard, after=audit.snapshot(scorecard, *AUDITED))
    scorecard.activation = gate.request_activation("scorecard", scorecard, force=data.get("force", False))
    return scorecard


@transactional
def activate_scorecard(scorecard_id, data):
    """Roll back (or forward) to a stored version, through the same golden-set check as a new one."""
    scorecard = get_scorecard(scorecard_id)
    scorecard.activation = gate.request_activation("scorecard", scorecard, force=data.get("force", False))
    return scorecard


def _activate(scorecard, **details):
    """Make `scorecard` the company's one active version, audited with the version it replaces."""
    before = db.session.scalars(select(Scorecard).where(Scorecard.company_id == scorecard.company_id,
                                                        Scorecard.is_active.is_(True))).first()
    db.session.execute(update(Scorecard).where(Scorecard.company_id == scorecard.company_id).values(is_active=False))
    db.session.flush()
    scorecard.is_active = True
    audit.record("scorecard.activated", scorecard,
                 after={**audit.snapshot(scorecard, "version", "company_id"), **details},
                 before={"version": before.version} if before else None)


def _with_criteria(context, scorecard):
    return replace(context, criteria=tuple(Criterion.from_dict(c) for c in scorecard.criteria))


def _active_criteria(company_id):
    return tuple(Criterion.from_dict(c) for c in _effective(company_id)["criteria"])


gate.register_kind(gate.Kind("scorecard", Scorecard, _activate, _with_criteria, criteria=_active_criteria))


def _effective(company_id):
    scorecard = db.session.scalars(select(Scorecard).where(Scorecard.company_id == company_id,
                                                           Scorecard.is_active.is_(True))).first()
    if scorecard is None:
        return {"source": "built-in", "version": BUILT_IN_VERSION, "check_weights": dict(DEFAULT_CHECK_WEIGHTS),
                "criteria": []}
    return {"source": "company", "version": scorecard.label, "check_weights": scorecard.check_weights,
            "criteria": scorecard.criteria}


def effective_scorecard(args):
    """The scorecard the caller's company (a superadmin: `company_id`'s) uses next: its active version, else the
    five basic checks."""
    return _effective(owning_company_id(args.get("company_id")))


def criterion_keys(company_id):
    """Every criterion key any live scorecard version of the company defines (a survey question may verify one)."""
    rows = db.session.scalars(select(Scorecard.criteria).where(Scorecard.company_id == company_id))
    return {criterion["key"] for criteria in rows for criterion in criteria}


def scorecard_for_analysis(company_id, campaign_id):
    """The effective scorecard (read in the system scope, as a worker does) and the criteria of one campaign."""
    with tenancy.system_scope():
        scorecard = _effective(company_id)
    criteria = tuple(Criterion.from_dict(c) for c in scorecard["criteria"]
                     if not c.get("campaign_ids") or campaign_id in c["campaign_ids"])
    return scorecard, criteria


def weighted_score(view, check_weights):
    """0-100: the weight met over the weight judged, across the basic checks and the criteria with a verdict."""
    judged = met = 0.0
    for check, passed in (view.get("calidad_basica") or {}).items():
        weight = float(check_weights.get(check, 0))
        judged, met = judged + weight, met + (weight if passed else 0)
    for verdict in (view.get("criterios") or {}).values():
        if verdict["cumple"] is not None:
            judged, met = judged + verdict["peso"], met + (verdict["peso"] if verdict["cumple"] else 0)
    return round(100 * met / judged, 1) if judged else None


def weights_of(company_id, label):
    """The check weights of the scorecard version an analysis recorded (the built-in ones for basic-v1)."""
    prefix = f"company-{company_id}-v"
    if label and label.startswith(prefix) and label[len(prefix):].isdigit():
        with tenancy.system_scope():
            row = db.session.scalars(select(Scorecard).where(Scorecard.company_id == company_id,
                                                             Scorecard.version == int(label[len(prefix):]))
                                     .execution_options(include_deleted=True)).first()
        if row is not None:
            return row.check_weights
    return dict(DEFAULT_CHECK_WEIGHTS)


def rescore(analysis):
    """The weighted score and the survey contradictions from the operative view as it stands now: when the
    pipeline stores it, and again whenever a person changes a verdict (an override, an accepted dispute)."""
    questions, answers = answers_of(analysis.evaluation_id)
    view = {**analysis.operative_view, "contradicciones": []}
    view["contradicciones"] = contradictions(questions, answers, view)
    analysis.operative_view = view
    analysis.contradiction_count = len(view["contradicciones"])
    analysis.scorecard_score = weighted_score(view, weights_of(analysis.company_id, analysis.scorecard_version))
    return analysis
