"""Evaluation submission and management; every check runs before the video is stored."""
import uuid
from datetime import date

from sqlalchemy import select

from siete.campaigns.models import Campaign, CampaignZone
from siete.core import tenancy
from siete.core.errors import Conflict, Invalid, NotFound
from siete.core.pagination import apply_day_range, apply_search, apply_sort
from siete.core.roles import Role
from siete.core.service import transactional
from siete.evaluations import lifecycle
from siete.evaluations.models import Evaluation
from siete.evaluations.tasks import start_pipeline
from siete.evaluations.upload import CONTAINER_TYPES, PLAYABLE_TYPES, inspect_video, probed_copy
from siete.extensions import db
from siete.core.storage import get_storage
from siete.surveys import service as surveys
from siete.surveys.models import Survey, SurveyResponse
from siete.zones.models import UserZone
from siete.evaluations.schemas import DEFAULT_SORT, SORTABLE
from siete.audit import service as audit


def list_evaluations(args):
    stmt = select(Evaluation)
    for field in ("campaign_id", "zone_id", "user_id", "status"):
        if args.get(field) is not None:
            stmt = stmt.where(getattr(Evaluation, field) == args[field])
    stmt = apply_day_range(stmt, Evaluation.created_at, args)
    stmt = apply_search(stmt, args.get("q"), Evaluation.comments, Evaluation.media_filename)
    return apply_sort(stmt, Evaluation, args.get("sort"), SORTABLE, default=DEFAULT_SORT)


def get_evaluation(evaluation_id):
    return tenancy.get_or_404(Evaluation, evaluation_id)


def _response_of(evaluation_id):
    return db.session.scalars(select(SurveyResponse).where(SurveyResponse.evaluation_id == evaluation_id)).first()


def evaluation_detail(evaluation_id):
    evaluation = get_evaluation(evaluation_id)
    response = _response_of(evaluation.id)
    evaluation.answers = response.answers if response else None
    evaluation.survey_id = response.survey_id if response else None
    return evaluation


def _assigned_campaign(campaign_id, today):
    """The shopper's visible campaigns are exactly their assigned ones (tenancy row rule)."""
    campaign = db.session.scalars(select(Campaign).where(Campaign.id == campaign_id)).first()
    if campaign is None:
        raise Invalid({"campaign_id": ["No campaign with this id is assigned to you"]})
    if today < campaign.start_date:
        raise Invalid({"campaign_id": [f"The campaign starts on {campaign.start_date.isoformat()}"]})
    if today > campaign.end_date:
        raise Invalid({"campaign_id": [f"The campaign ended on {campaign.end_date.isoformat()}"]})
    return campaign


def _check_zone(campaign, zone_id, user_id):
    in_campaign = db.session.scalar(
        select(CampaignZone.id).where(CampaignZone.campaign_id == campaign.id, CampaignZone.zone_id == zone_id)
    )
    if in_campaign is None:
        raise Invalid({"zone_id": ["This zone is not part of the campaign"]})
    assigned = db.session.scalar(select(UserZone.id).where(UserZone.zone_id == zone_id, UserZone.user_id == user_id))
    if assigned is None:
        raise Invalid({"zone_id": ["You are not assigned to this zone"]})


def _validated_answers(survey_id, answers):
    if survey_id is None:
        if answers:
            raise Invalid({"answers": ["This campaign has no survey"]})
        return None, None
    survey = surveys.current_version(survey_id)
    return survey, surveys.validate_answers(survey, answers or {})


def validate_submission(data):
    """The one check of a submission (direct upload or Stream) before any media is stored or requested: the
    shopper's assigned, running campaign, a zone of it assigned to them, valid answers. Returns (campaign, survey,
    answers)."""
    campaign = _assigned_campaign(data["campaign_id"], date.today())
    _check_zone(campaign, data["zone_id"], tenancy.current_scope().user_id)
    survey, answers = _validated_answers(campaign.survey_id, data.get("answers"))
    return campaign, survey, answers


def submit_evaluation(form, video):
    """Validate everything, store the video, then commit the rows; a failed commit removes the video."""
    scope = tenancy.current_scope()
    campaign, survey, answers = validate_submission(form)
    container, size, filename = inspect_video(video)

    storage = get_storage()
    key = f"companies/{campaign.company_id}/evaluations/{uuid.uuid4().hex}.{container}"
    with probed_copy(video, container) as (path, duration), open(path, "rb") as copy:
        storage.save(key, copy, content_type=CONTAINER_TYPES[container])
    try:
        evaluation = Evaluation(
            company_id=campaign.company_id, campaign_id=campaign.id, zone_id=form["zone_id"],
            user_id=scope.user_id, comments=form.get("comments"), media_key=key, media_filename=filename,
            media_content_type=CONTAINER_TYPES[container], media_size=size, duration_seconds=duration,
        )
        db.session.add(evaluation)
        db.session.flush()
        if survey is not None:
            db.session.add(surveys.build_response(survey, evaluation.id, scope.user_id, campaign.company_id, answers))
        db.session.commit()
    except BaseException:
        db.session.rollback()
        storage.delete(key)
        raise
    start_pipeline(evaluation.id)
    return evaluation


def reprocess_evaluation(evaluation_id):
    """Run the chain again; each step skips the outputs already stored, so it resumes at the first missing one."""
    evaluation = get_evaluation(evaluation_id)
    if evaluation.status == "completed":
        raise Conflict("The evaluation is already completed")
    if evaluation.status == "in_review":
        raise Conflict("The evaluation is in review: a reviewer publishes it or sends it back")
    lifecycle.reset_for_reprocess(evaluation.id)
    start_pipeline(evaluation.id, force=True)
    db.session.refresh(evaluation)
    return evaluation


@transactional
def update_evaluation(evaluation_id, data):
    """Shoppers may correct comments and answers until analysis starts; admins at any time."""
    evaluation = get_evaluation(evaluation_id)
    if tenancy.current_scope().role == Role.SHOPPER and evaluation.status != "pending":
        raise Conflict("The evaluation is already being analyzed and can no longer be edited")
    if "answers" in data:
        response = _response_of(evaluation.id)
        survey_id = response.survey_id if response else db.session.scalar(
            select(Campaign.survey_id).where(Campaign.id == evaluation.campaign_id))
        if survey_id is None:
            raise Invalid({"answers": ["This campaign has no survey"]})
        survey = tenancy.get_or_404(Survey, survey_id) if response else surveys.current_version(survey_id)
        answers = surveys.validate_answers(survey, data.pop("answers"))
        if response:
            response.answers = answers
        else:
            db.session.add(surveys.build_response(survey, evaluation.id, evaluation.user_id,
                                                  evaluation.company_id, answers))
    for key, value in data.items():
        setattr(evaluation, key, value)
    return evaluation


@transactional
def delete_evaluation(evaluation_id):
    evaluation = get_evaluation(evaluation_id)
    evaluation.soft_delete()
    audit.record("evaluation.deleted", evaluation,
                 before=audit.snapshot(evaluation, "status", "campaign_id", "zone_id", "user_id", "media_key"))


def media_location(evaluation_id):
    """Where the caller may fetch the recording: a short-lived URL (S3/R2) or a local file path to stream."""
    evaluation = get_evaluation(evaluation_id)
    if not evaluation.media_key:
        raise NotFound("This evaluation's video is not stored by the platform yet")
    storage = get_storage()
    if not storage.exists(evaluation.media_key):
        raise NotFound("The video is no longer in storage")
    url = storage.url(evaluation.media_key)
    if url:
        return {"url": url}
    container = evaluation.media_key.rsplit(".", 1)[-1]  # probed at upload, never the client's declared type
    content_type = CONTAINER_TYPES.get(container, "application/octet-stream")
    return {"path": storage.path(evaluation.media_key), "content_type": content_type,
            "filename": evaluation.media_filename, "inline": content_type in PLAYABLE_TYPES}
