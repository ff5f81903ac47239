"""Survey version chains (linked by previous_version_id) and who may see a survey through campaigns."""
from sqlalchemy import select, update

from siete.campaigns.models import Campaign, CampaignUser
from siete.core.errors import NotFound
from siete.extensions import db
from siete.surveys.models import Survey, SurveyResponse


def _successor(survey):
    return db.session.scalars(select(Survey).where(Survey.previous_version_id == survey.id)).first()


def _predecessor(survey):
    if survey.previous_version_id is None:
        return None
    return db.session.scalars(select(Survey).where(Survey.id == survey.previous_version_id)).first()


def latest(survey):
    """Follow successors to the current version; NotFound if the chain ends before one."""
    seen = set()
    while not survey.is_current:
        seen.add(survey.id)
        survey = _successor(survey)
        if survey is None or survey.id in seen:
            raise NotFound("Survey not found")
    return survey


def chain(survey):
    """Every live version of the survey's family, current first."""
    versions, node, seen = [], latest(survey), set()
    while node is not None and node.id not in seen:
        seen.add(node.id)
        versions.append(node)
        node = _predecessor(node)
    return versions


def has_responses(survey_ids):
    """Any response row, even a soft-deleted one: its answers must keep matching their questions."""
    stmt = select(SurveyResponse.survey_id).where(SurveyResponse.survey_id.in_(survey_ids)).distinct()
    return set(db.session.scalars(stmt.execution_options(include_deleted=True)))


def campaigns_using(survey_ids):
    stmt = select(Campaign).where(Campaign.survey_id.in_(survey_ids)).order_by(Campaign.name)
    return db.session.scalars(stmt).all()


def is_assigned(user_id, survey_ids):
    """True if a live campaign assigned to the user uses one of the survey ids."""
    stmt = (
        select(Campaign.id)
        .join(CampaignUser, CampaignUser.campaign_id == Campaign.id)
        .where(CampaignUser.user_id == user_id, Campaign.survey_id.in_(survey_ids))
        .limit(1)
    )
    return db.session.scalar(stmt) is not None


def repoint_campaigns(old_id, new_id):
    db.session.execute(
        update(Campaign).where(Campaign.survey_id == old_id).values(survey_id=new_id),
        execution_options={"synchronize_session": "fetch"},
    )
