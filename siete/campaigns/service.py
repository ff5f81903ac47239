"""Campaigns: dates, goal, survey, staffing and progress."""
from sqlalchemy import func, select

from siete.campaigns.models import Campaign, CampaignUser, CampaignZone
from siete.core import tenancy
from siete.core.errors import Invalid, NotFound
from siete.core.pagination import apply_search, apply_sort
from siete.core.roles import Role
from siete.core.service import owning_company_id, replace_links, transactional
from siete.evaluations.models import STATUSES, Evaluation
from siete.extensions import db
from siete.surveys import service as surveys
from siete.users.models import User
from siete.zones.models import Zone
from siete.zones.service import company_rows
from siete.campaigns.schemas import SORTABLE
from siete.audit import service as audit


def list_campaigns(args):
    stmt = select(Campaign)
    if args.get("active_on"):
        stmt = stmt.where(Campaign.start_date <= args["active_on"], Campaign.end_date >= args["active_on"])
    if args.get("zone_id"):
        stmt = stmt.where(Campaign.id.in_(select(CampaignZone.campaign_id).where(CampaignZone.zone_id == args["zone_id"])))
    if args.get("survey_id"):
        stmt = stmt.where(Campaign.survey_id == args["survey_id"])
    stmt = apply_search(stmt, args.get("q"), Campaign.name)
    return apply_sort(stmt, Campaign, args.get("sort"), SORTABLE)


def get_campaign(campaign_id):
    return tenancy.get_or_404(Campaign, campaign_id)


def _progress(counts, goal):
    row = {status: counts.get(status, 0) for status in STATUSES}
    row["submitted"] = sum(row.values())
    row["goal"] = goal
    row["goal_pct"] = round(100.0 * row["completed"] / goal, 1) if goal else None
    return row


def campaign_detail(campaign_id):
    """The campaign with its progress against the goal, overall and per zone."""
    campaign = get_campaign(campaign_id)
    rows = db.session.execute(
        select(Evaluation.zone_id, Evaluation.status, func.count())
        .where(Evaluation.campaign_id == campaign.id)
        .group_by(Evaluation.zone_id, Evaluation.status)
    ).all()
    overall, by_zone = {}, {}
    for zone_id, status, count in rows:
        overall[status] = overall.get(status, 0) + count
        by_zone.setdefault(zone_id, {})[status] = count
    zones = db.session.scalars(
        select(Zone).where(Zone.id.in_(select(CampaignZone.zone_id).where(CampaignZone.campaign_id == campaign.id)))
        .order_by(Zone.name)
    ).all()
    campaign.progress = _progress(overall, campaign.goal)
    campaign.zones = [
        {"zone_id": z.id, "zone_name": z.name, **_progress(by_zone.get(z.id, {}), 0)} for z in zones
    ]
    return campaign


def _check_survey(survey_id, company_id):
    """A campaign always points at the current version of a survey of its own company."""
    if survey_id is None:
        return None
    try:
        survey = surveys.current_version(survey_id)
    except NotFound:
        survey = None
    if survey is None or survey.company_id != company_id:
        raise Invalid({"survey_id": ["No such survey in this company"]})
    return survey.id


@transactional
def create_campaign(data):
    company_id = owning_company_id(data.pop("company_id", None))
    data["survey_id"] = _check_survey(data.get("survey_id"), company_id)
    campaign = Campaign(company_id=company_id, **data)
    db.session.add(campaign)
    db.session.flush()
    return campaign


@transactional
def update_campaign(campaign_id, data):
    campaign = get_campaign(campaign_id)
    start, end = data.get("start_date", campaign.start_date), data.get("end_date", campaign.end_date)
    if start > end:
        raise Invalid({"end_date": ["Must be on or after start_date"]})
    if "survey_id" in data:
        data["survey_id"] = _check_survey(data["survey_id"], campaign.company_id)
    for key, value in data.items():
        setattr(campaign, key, value)
    return campaign


@transactional
def delete_campaign(campaign_id):
    campaign = get_campaign(campaign_id)
    campaign.soft_delete()
    audit.record("campaign.deleted", campaign, before=audit.snapshot(campaign, "name", "start_date", "end_date"))


def campaign_users(campaign_id):
    get_campaign(campaign_id)
    linked = select(CampaignUser.user_id).where(CampaignUser.campaign_id == campaign_id)
    return db.session.scalars(select(User).where(User.id.in_(linked)).order_by(User.id)).all()


@transactional
def set_campaign_users(campaign_id, user_ids):
    """Only the company's managers and shoppers are assigned to campaigns."""
    campaign = get_campaign(campaign_id)
    company_rows(User, user_ids, campaign.company_id, "ids")
    wrong = db.session.scalars(
        select(User.id).where(User.id.in_(user_ids), User.role.notin_([int(Role.MANAGER), int(Role.SHOPPER)]))
    ).all()
    if wrong:
        raise Invalid({"ids": [f"Only managers and shoppers can be assigned: {sorted(wrong)}"]})
    before = set(db.session.scalars(select(CampaignUser.user_id).where(CampaignUser.campaign_id == campaign.id)))
    replace_links(CampaignUser, "campaign_id", campaign.id, "user_id", user_ids, campaign.company_id)
    _announce_assignment(campaign, [uid for uid in dict.fromkeys(user_ids) if uid not in before])
    return campaign_users(campaign_id)


def _announce_assignment(campaign, user_ids):
    """Newly assigned people hear of it (in the app, and by mail or SMS as their delivery preferences say)."""
    from siete.notifications.service import notify

    if user_ids:
        notify(user_ids, event="campaign.assigned", title=f"Nueva campaña asignada: {campaign.name}",
               message=f"Del {campaign.start_date:%d/%m/%Y} al {campaign.end_date:%d/%m/%Y}.",
               data={"campaign_id": campaign.id}, company_id=campaign.company_id)


def campaign_zones(campaign_id):
    get_campaign(campaign_id)
    linked = select(CampaignZone.zone_id).where(CampaignZone.campaign_id == campaign_id)
    return db.session.scalars(select(Zone).where(Zone.id.in_(linked)).order_by(Zone.id)).all()


@transactional
def set_campaign_zones(campaign_id, zone_ids):
    campaign = get_campaign(campaign_id)
    company_rows(Zone, zone_ids, campaign.company_id, "ids")
    replace_links(CampaignZone, "campaign_id", campaign.id, "zone_id", zone_ids, campaign.company_id)
    return campaign_zones(campaign_id)
