"""Surveys: question validation, versioning on edit, visibility through campaigns, answers and results."""
from marshmallow import ValidationError
from sqlalchemy import select

from siete.campaigns.models import Campaign
from siete.core import tenancy
from siete.core.errors import Conflict, Invalid, NotFound
from siete.core.pagination import apply_search, apply_sort
from siete.core.roles import Role
from siete.core.service import owning_company_id, transactional
from siete.extensions import db
from siete.surveys import results, versions
from siete.surveys.models import Survey, SurveyResponse
from siete.surveys.questions import CHOICE_TYPES, check_answers
from siete.surveys.schemas import SurveyFields
from siete.surveys.schemas import SORTABLE


def clean_questions(raw, answered_types=None):
    """Validate and normalise questions; an id that already has answers keeps its type."""
    try:
        questions = SurveyFields().load({"questions": raw})["questions"]
    except ValidationError as err:
        raise Invalid(err.messages) from None
    errors = {}
    for index, question in enumerate(questions):
        was = (answered_types or {}).get(question["id"])
        if was is not None and was != question["type"]:
            errors[index] = {"type": [
                f"Question '{question['id']}' already has {was} answers; give a different question a new id"
            ]}
    if errors:
        raise Invalid({"questions": errors})
    return questions


_criterion_sources = []  # source(company_id) -> the criterion keys it defines (registered by the scorecards feature)


def register_criterion_source(source):
    """Where criterion keys come from, without surveys importing the feature that defines them (it imports us)."""
    _criterion_sources.append(source)
    return source


def check_targets(questions, company_id):
    """A question that verifies a criterion names one of the company's scorecard criteria."""
    wanted = {index: q["verifies"].split(":", 1)[1] for index, q in enumerate(questions)
              if q.get("verifies", "").startswith("criterion:")}
    known = {key for source in _criterion_sources for key in source(company_id)} if wanted else set()
    errors = {index: {"verifies": [f"La empresa no tiene el criterio '{key}' en su scorecard"]}
              for index, key in wanted.items() if key not in known}
    if errors:
        raise Invalid({"questions": errors})
    return questions


def answers_of(evaluation_id):
    """The questions of the survey answered with an evaluation and the answers by question id (([], {}) if none)."""
    response = db.session.scalars(select(SurveyResponse).where(SurveyResponse.evaluation_id == evaluation_id)).first()
    if response is None:
        return [], {}
    survey = db.session.get(Survey, response.survey_id)
    return (survey.questions if survey else []), response.answers


def list_surveys(args):
    stmt = select(Survey)
    if not args.get("include_versions"):
        stmt = stmt.where(Survey.is_current.is_(True))
    if args.get("company_id") is not None:
        stmt = stmt.where(Survey.company_id == args["company_id"])
    stmt = apply_search(stmt, args.get("q"), Survey.name)
    return apply_sort(stmt, Survey, args.get("sort"), SORTABLE)


def _visible_to_assignee(survey, roles):
    """Shoppers (and, for results, managers) only reach surveys of campaigns assigned to them."""
    scope = tenancy.current_scope()
    if scope.role in roles and not versions.is_assigned(scope.user_id, [s.id for s in versions.chain(survey)]):
        raise NotFound(f"Survey {survey.id} not found")
    return survey


def get_survey(survey_id):
    return _visible_to_assignee(tenancy.get_or_404(Survey, survey_id), {Role.SHOPPER})


@transactional
def create_survey(data):
    company_id = owning_company_id(data.get("company_id"))
    survey = Survey(
        company_id=company_id,
        name=data["name"],
        description=data.get("description"),
        questions=check_targets(clean_questions(data["questions"]), company_id),
        version=1,
        is_current=True,
    )
    db.session.add(survey)
    db.session.flush()
    return survey


def _lock_current(survey_id):
    """The survey row locked for writing; only the current version may change."""
    stmt = select(Survey).where(Survey.id == survey_id).with_for_update()
    survey = db.session.scalars(stmt.execution_options(populate_existing=True)).first()
    if survey is None:
        raise NotFound(f"Survey {survey_id} not found")
    if not survey.is_current:
        current = versions.latest(survey)
        raise Conflict(f"Survey {survey_id} is an old version; change the current version {current.id}")
    return survey


def _answered_types(family, answered_ids):
    types = {}
    for version in reversed(family):
        if version.id in answered_ids:
            types.update({question["id"]: question["type"] for question in version.questions})
    return types


def _new_version(old, questions):
    new = Survey(
        company_id=old.company_id, name=old.name, description=old.description, questions=questions,
        version=old.version + 1, previous_version_id=old.id, is_current=True,
    )
    old.is_current = False
    db.session.add(new)
    db.session.flush()
    versions.repoint_campaigns(old.id, new.id)
    return new


@transactional
def update_survey(survey_id, data):
    survey = _lock_current(survey_id)
    if "questions" in data:
        family = versions.chain(survey)
        answered = versions.has_responses([version.id for version in family])
        questions = check_targets(clean_questions(data["questions"], _answered_types(family, answered)),
                                  survey.company_id)
        if questions != survey.questions:
            if survey.id in answered:
                survey = _new_version(survey, questions)
            else:
                survey.questions = questions
    for key in ("name", "description"):
        if key in data:
            setattr(survey, key, data[key])
    return survey


@transactional
def delete_survey(survey_id):
    """Soft-delete every version, unless a live campaign still uses one."""
    family = versions.chain(_lock_current(survey_id))
    using = versions.campaigns_using([version.id for version in family])
    if using:
        names = ", ".join(campaign.name for campaign in using[:5])
        raise Conflict(f"Survey is used by {len(using)} campaign(s): {names}")
    for version in family:
        version.soft_delete()


def _merged_questions(family):
    """Questions of every version by id, current wording first; choice options are united."""
    merged = {}
    for version in family:
        for question in version.questions:
            known = merged.get(question["id"])
            if known is None:
                merged[question["id"]] = dict(question)
            elif known["type"] in CHOICE_TYPES and question["type"] == known["type"]:
                known["options"] = known["options"] + [o for o in question["options"] if o not in known["options"]]
    return list(merged.values())


def survey_results(survey_id, args):
    survey = _visible_to_assignee(tenancy.get_or_404(Survey, survey_id), {Role.MANAGER})
    if args.get("campaign_id") is not None:
        tenancy.get_or_404(Campaign, args["campaign_id"])
    if args.get("all_versions"):
        family = versions.chain(survey)
        questions, survey_ids = _merged_questions(family), [version.id for version in family]
    else:
        questions, survey_ids = survey.questions, [survey.id]
    summary = results.aggregate(questions, survey_ids, args)
    return {"survey_id": survey.id, "name": survey.name, "version": survey.version,
            "all_versions": bool(args.get("all_versions")), "survey_ids": survey_ids, **summary}


def current_version(survey_id) -> Survey:
    """The current version of a survey (following newer versions); NotFound if deleted or foreign."""
    return versions.latest(tenancy.get_or_404(Survey, survey_id))


def validate_answers(survey: Survey, answers: dict) -> dict:
    """Answers cleaned and keyed by question id, or Invalid({"answers": {question_id: [message]}})."""
    return check_answers(survey.questions, answers)


def build_response(survey, evaluation_id, user_id, company_id, answers) -> SurveyResponse:
    """A validated response added to the session; the caller's transaction commits it.

    The survey row is re-read under a share lock, so an in-place edit cannot change the questions
    between validation and insert (an edit waits, then sees the response and creates a new version).
    """
    if company_id != survey.company_id:
        raise Invalid({"survey_id": ["The survey belongs to another company"]})
    stmt = select(Survey).where(Survey.id == survey.id).with_for_update(read=True)
    locked = db.session.scalars(stmt.execution_options(populate_existing=True)).first()
    if locked is None:
        raise NotFound(f"Survey {survey.id} not found")
    response = SurveyResponse(
        company_id=company_id, survey_id=locked.id, evaluation_id=evaluation_id, user_id=user_id,
        answers=validate_answers(locked, answers),
    )
    db.session.add(response)
    return response
