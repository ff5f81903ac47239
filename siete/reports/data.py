"""What reports read, under the caller's tenant scope: evaluation rows with their KPIs, survey answers, one analysis."""
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import and_, func, or_, select

from siete.analysis.models import EvaluationAnalysis
from siete.campaigns.models import Campaign
from siete.dashboard.models import QUALITY_CHECKS
from siete.evaluations.models import Evaluation
from siete.extensions import db
from siete.surveys.models import Survey, SurveyResponse
from siete.users.models import User
from siete.zones.models import Zone

BATCH = 2000
CHECK_LABELS = {"saludo": "Saludo", "identificacion": "Identificación", "oferta": "Oferta", "cierre": "Cierre",
                "valor_agregado": "Valor agregado"}
EVALUATION_COLUMNS = ("ID", "Fecha", "Campaña", "Zona", "Shopper", "Estado", "Duración (s)", "IOC", "IRD", "CES",
                      "NPS inferido", *(CHECK_LABELS[c] for c in QUALITY_CHECKS), "Verbatims críticos")
STATUS_LABELS = {"pending": "pendiente", "analyzing": "en análisis", "completed": "completada", "failed": "fallida"}


def _where_period(stmt, column, filters):
    if filters.get("date_from"):
        stmt = stmt.where(column >= datetime.combine(_day(filters["date_from"]), time.min, UTC))
    if filters.get("date_to"):
        stmt = stmt.where(column < datetime.combine(_day(filters["date_to"]) + timedelta(days=1), time.min, UTC))
    return stmt


def _day(value):
    return value if not isinstance(value, str) else datetime.strptime(value, "%Y-%m-%d").date()


def evaluations_query(filters):
    """The same rows and order as GET /evaluations with these filters (newest first, then id)."""
    stmt = select(Evaluation.id)
    for field in ("campaign_id", "zone_id", "user_id", "status"):
        if filters.get(field) is not None:
            stmt = stmt.where(getattr(Evaluation, field) == filters[field])
    return _where_period(stmt, Evaluation.created_at, filters).order_by(Evaluation.created_at.desc(),
                                                                         Evaluation.id.asc())


def count_evaluations(filters):
    return db.session.scalar(select(func.count()).select_from(evaluations_query(filters).order_by(None).subquery()))


def _keyset(stmt, created_column, id_column, last):
    """The rows after `last` in (newest first, then id) order: each batch is its own short query."""
    if last is None:
        return stmt
    created, ident = last
    return stmt.where(or_(created_column < created, and_(created_column == created, id_column > ident)))


def evaluation_rows(filters):
    """Spreadsheet rows, read in keyset batches (never the whole result in memory, no cursor held open)."""
    view = EvaluationAnalysis.operative_view
    base = (evaluations_query(filters).add_columns(
        Evaluation.created_at, Campaign.name, Zone.name, User.first_name + " " + User.last_name, Evaluation.status,
        Evaluation.duration_seconds, view["IOC"]["score"], view["IRD"]["score"], view["CES"]["score"],
        view["NPS_inferido"], *(view["calidad_basica"][c] for c in QUALITY_CHECKS), EvaluationAnalysis.critical_count)
        .join(Campaign, Campaign.id == Evaluation.campaign_id).join(Zone, Zone.id == Evaluation.zone_id)
        .join(User, User.id == Evaluation.user_id)
        .outerjoin(EvaluationAnalysis, EvaluationAnalysis.evaluation_id == Evaluation.id))
    last = None
    while True:
        batch = db.session.execute(_keyset(base, Evaluation.created_at, Evaluation.id, last).limit(BATCH)).all()
        for row in batch:
            (eid, created, campaign, zone, shopper, status, duration, ioc, ird, ces, nps, *checks, critical) = row
            yield (eid, created.astimezone(UTC).replace(tzinfo=None), campaign, zone, shopper,
                   STATUS_LABELS.get(status, status), duration, _num(ioc), _num(ird), _num(ces), _num(nps),
                   *(_yes_no(c) for c in checks), critical)
        if len(batch) < BATCH:
            return
        last = (batch[-1][1], batch[-1][0])


def _num(value):
    return None if value is None or isinstance(value, bool) else value


def _yes_no(value):
    return None if value is None else ("Sí" if value is True else "No")


def survey_of(filters):
    """The survey to export: the one named, else the campaign's."""
    survey_id = filters.get("survey_id")
    if survey_id is None and filters.get("campaign_id"):
        survey_id = db.session.scalar(select(Campaign.survey_id).where(Campaign.id == filters["campaign_id"]))
    return db.session.get(Survey, survey_id) if survey_id else None


def survey_versions(survey):
    """Every version of this survey (answers given to older versions belong to it too)."""
    ids, current = [survey.id], survey
    while current.previous_version_id:
        current = db.session.get(Survey, current.previous_version_id)
        ids.append(current.id)
    return ids


def survey_rows(survey, filters):
    """(evaluation id, date, campaign, zone, shopper, answers dict) per response, newest first, in keyset batches."""
    stmt = (select(SurveyResponse.evaluation_id, SurveyResponse.created_at, Campaign.name, Zone.name,
                   User.first_name + " " + User.last_name, SurveyResponse.answers, SurveyResponse.id)
            .join(Evaluation, Evaluation.id == SurveyResponse.evaluation_id)
            .join(Campaign, Campaign.id == Evaluation.campaign_id).join(Zone, Zone.id == Evaluation.zone_id)
            .join(User, User.id == SurveyResponse.user_id)
            .where(SurveyResponse.survey_id.in_(survey_versions(survey))))
    for field in ("campaign_id", "zone_id"):
        if filters.get(field) is not None:
            stmt = stmt.where(getattr(Evaluation, field) == filters[field])
    stmt = _where_period(stmt, SurveyResponse.created_at, filters).order_by(SurveyResponse.created_at.desc(),
                                                                           SurveyResponse.id.asc())
    last = None
    while True:
        batch = db.session.execute(_keyset(stmt, SurveyResponse.created_at, SurveyResponse.id, last)
                                   .limit(BATCH)).all()
        for eid, created, campaign, zone, shopper, answers, _rid in batch:
            yield eid, created.astimezone(UTC).replace(tzinfo=None), campaign, zone, shopper, answers or {}
        if len(batch) < BATCH:
            return
        last = (batch[-1][1], batch[-1][6])


def count_survey_rows(survey, filters):
    stmt = (select(func.count()).select_from(SurveyResponse)
            .join(Evaluation, Evaluation.id == SurveyResponse.evaluation_id)
            .where(SurveyResponse.survey_id.in_(survey_versions(survey))))
    for field in ("campaign_id", "zone_id"):
        if filters.get(field) is not None:
            stmt = stmt.where(getattr(Evaluation, field) == filters[field])
    return db.session.scalar(_where_period(stmt, SurveyResponse.created_at, filters))
