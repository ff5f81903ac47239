"""A company with analysed evaluations (timed evidence), one pending, and a survey; reports built in-process."""
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from siete.core import tenancy
from siete.extensions import db
from siete.reports import build
from siete.reports.models import Report
from tests.factories import (CampaignFactory, CampaignUserFactory, CompanyFactory, EvaluationAnalysisFactory,
                             EvaluationFactory, SurveyFactory, SurveyResponseFactory, UserFactory, ZoneFactory,
                             auth_headers)

SUMMARY = ("## Resumen ejecutivo\nLa asesora saludó con cortesía y ofreció la **tarjeta Oro**.\n"
           "- Faltó confirmar la identificación del cliente.")


def operative_view(ird, quotes):
    greet, offer, complaint = quotes
    return {
        "IOC": {"score": 72, "justificacion": "Oferta clara de la tarjeta"},
        "IRD": {"score": ird, "justificacion": "Cliente molesto por la espera"},
        "CES": {"score": 35, "justificacion": "Trámite sencillo"}, "NPS_inferido": 7,
        "calidad_basica": {"saludo": True, "identificacion": False, "oferta": True, "cierre": True,
                           "valor_agregado": False},
        "evidencias": {
            "calidad_basica": {"saludo": [greet], "identificacion": [], "oferta": [offer], "cierre": [],
                               "valor_agregado": []},
            "verbatims": {"positivos": [greet], "negativos": [complaint], "criticos": []}},
        "verbatims": {"positivos": [greet["cita"]], "negativos": [complaint["cita"]], "criticos": []},
        "acciones_sugeridas": [{"accion": "Reducir el tiempo de espera en caja", "prioridad": "alta"}],
    }


@pytest.fixture
def world(db_session):
    company = CompanyFactory(name="Banco Caribe")
    survey = SurveyFactory(company=company, name="Visita", questions=[
        {"id": "q1", "type": "nps", "text": "¿Recomendaría la sucursal?"},
        {"id": "q2", "type": "text", "text": "Comentario"}])
    campaign = CampaignFactory(company=company, name="Sucursales Q4", survey_id=survey.id)
    other_campaign = CampaignFactory(company=company, name="Otra campaña")
    zone = ZoneFactory(company=company, name="Santo Domingo Este")
    shopper = UserFactory(company=company, first_name="Ana", last_name="Pérez")
    admin = UserFactory(company=company, admin=True)
    manager = UserFactory(company=company, manager=True)
    CampaignUserFactory(company=company, campaign=campaign, user=manager)
    base = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
    evaluations = []
    for i, ird in enumerate((20, 85, 40)):
        evaluation = EvaluationFactory(company=company, campaign=campaign, zone=zone, user=shopper,
                                       status="completed", duration_seconds=185 + i,
                                       created_at=base + timedelta(hours=i))
        quotes = ({"cita": f"Buenos días, bienvenido a Banco Caribe {i}", "inicio": 3.2, "fin": 5.9},
                  {"cita": f"Le ofrezco nuestra tarjeta Oro sin anualidad {i}", "inicio": 64.0 + i, "fin": 69.5 + i},
                  {"cita": f"Llevo cuarenta minutos esperando {i}", "inicio": 125.4, "fin": 128.0})
        EvaluationAnalysisFactory(company=company, evaluation=evaluation, executive_view=SUMMARY,
                                  operative_view=operative_view(ird, quotes))
        SurveyResponseFactory(company=company, evaluation=evaluation, survey=survey,
                              answers={"q1": 9 - i, "q2": f"Atención {i}"})
        evaluations.append((evaluation, quotes))
    pending = EvaluationFactory(company=company, campaign=campaign, zone=zone, user=shopper, status="pending",
                                created_at=base + timedelta(hours=5))
    EvaluationFactory(company=company, campaign=other_campaign, zone=zone, user=shopper)
    return {"company": company, "campaign": campaign, "zone": zone, "survey": survey, "shopper": shopper,
            "admin": admin, "manager": manager, "evaluations": evaluations, "pending": pending}


@pytest.fixture
def built(client):
    """POST /reports as `user`, build it as the worker would, return the completed GET /reports/{id} answer."""

    def run(user, **body):
        answer = client.post("/api/v1/reports", headers=auth_headers(user), json=body)
        assert answer.status_code == 202, answer.json
        assert answer.json["status"] == "pending"
        build.build(answer.json["id"])
        report = client.get(f"/api/v1/reports/{answer.json['id']}", headers=auth_headers(user))
        assert report.status_code == 200
        return report.json

    return run


def download(client, report):
    assert report["status"] == "completed", report
    answer = client.get(report["download_url"])
    assert answer.status_code == 200, answer.data[:300]
    return answer


def report_row(report_id):
    with tenancy.system_scope():
        return db.session.scalars(select(Report).where(Report.id == report_id)
                                  .execution_options(populate_existing=True)).one()
