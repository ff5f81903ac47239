"""A real worker scores a company's own criteria on the fixture videos, with evidence, records the scorecard
version and weighted score, and flags the shopper's survey answers the recording contradicts."""
import pytest

from siete.ai import validate_operative_view
from siete.extensions import db
from tests.factories import SurveyResponseFactory, auth_headers
from tests.fakes.openai_server import FakeOpenAI, fixture_scripts
from tests.pipeline.helpers import analyses_of, submit, tenant

pytestmark = pytest.mark.slow

DERIVA = {"key": "deriva_ventanilla", "name": "Deriva a otra ventanilla",
          "description": "El empleado manda al cliente a otra ventanilla en vez de resolver",
          "examples": ["tiene que ir a la otra ventanilla"], "weight": 2}
OFRECE = {"key": "ofrece_promocion", "name": "Ofrece una promoción",
          "description": "El empleado ofrece una promoción o un plan al cliente",
          "examples": ["tenemos una promoción", "le ofrezco el plan"], "weight": 1}
QUESTIONS = [
    {"id": "oferta", "type": "yes_no", "text": "¿El asesor le ofreció algún producto?", "verifies": "check:oferta"},
    {"id": "promo", "type": "yes_no", "text": "¿Le ofrecieron una promoción?",
     "verifies": "criterion:ofrece_promocion"},
    {"id": "deriva", "type": "yes_no", "text": "¿Lo mandaron a otra ventanilla?",
     "verifies": "criterion:deriva_ventanilla"},
    {"id": "nota", "type": "nps", "text": "¿Nos recomendaría?"},
]


def _configure(e2e, world):
    """The company's admin defines the scorecard and the survey through the API, as in the console."""
    client, admin = e2e.app.test_client(), auth_headers(world["admin"])
    scorecard = client.post("/api/v1/scorecards", headers=admin, json={"criteria": [DERIVA, OFRECE]})
    assert scorecard.status_code == 201, scorecard.get_json()
    survey = client.post("/api/v1/surveys", headers=admin, json={"name": "Visita", "questions": QUESTIONS})
    assert survey.status_code == 201, survey.get_json()
    return scorecard.get_json(), survey.get_json()


def _answered(world, survey, fixture, answers):
    evaluation_id = submit(world, fixture)
    SurveyResponseFactory(company=world["company"], evaluation_id=evaluation_id, user_id=world["shopper"].id,
                          survey_id=survey["id"], answers=answers)
    db.session.commit()
    return evaluation_id


def test_shopper_claiming_an_offer_the_video_lacks_is_flagged_and_criteria_are_scored(e2e):
    world = tenant()
    scorecard, survey = _configure(e2e, world)
    evaluation_id = _answered(world, survey, "poor_service", {"oferta": True, "promo": True, "deriva": True,
                                                              "nota": 2})
    with e2e.worker(concurrency=1):
        evaluation = e2e.wait_settled([evaluation_id])[evaluation_id]
    assert evaluation.status == "completed", (evaluation.error_code, evaluation.error_message)
    [analysis] = analyses_of(evaluation_id)
    view = analysis.operative_view
    validate_operative_view(view)
    assert view["calidad_basica"]["oferta"] is False
    deriva, ofrece = view["criterios"]["deriva_ventanilla"], view["criterios"]["ofrece_promocion"]
    assert (deriva["cumple"], deriva["peso"], deriva["nombre"]) == (True, 2.0, "Deriva a otra ventanilla")
    assert "tiene que ir a la otra" in deriva["evidencia"]["cita"].lower()  # the ASR may hear "ventanía"
    assert deriva["evidencia"]["inicio"] == pytest.approx(15.4, abs=2.5) and deriva["evidencia"]["hablante"]
    assert deriva["evidencia"]["rol"] == "empleado"
    assert ofrece == {"nombre": "Ofrece una promoción", "cumple": False, "peso": 1.0, "evidencia": None}
    assert analysis.scorecard_version == scorecard["label"]
    assert analysis.scorecard_score == pytest.approx(100 * 2 / (5 + 2 + 1), abs=0.05)  # 5 checks unmet, deriva met
    flagged = {c["objetivo"]: c for c in view["contradicciones"]}
    assert set(flagged) == {"check:oferta", "criterion:ofrece_promocion"}  # 'deriva' agrees with the video
    assert flagged["check:oferta"] == {"pregunta": "¿El asesor le ofreció algún producto?", "respuesta": True,
                                       "objetivo": "check:oferta", "veredicto": False, "evidencia": None}
    assert analysis.contradiction_count == 2
    client, admin = e2e.app.test_client(), auth_headers(world["admin"])
    shown = client.get(f"/api/v1/evaluation-analysis/{evaluation_id}", headers=admin).get_json()
    assert shown["operative_view"]["criterios"] == view["criterios"] and shown["contradiction_count"] == 2
    dashboard = client.get("/api/v1/dashboard", headers=admin).get_json()
    assert {c["key"]: (c["met"], c["not_met"], c["compliance"]) for c in dashboard["criteria"]} == {
        "deriva_ventanilla": (1, 0, 100.0), "ofrece_promocion": (0, 1, 0.0)}
    assert [(r["user_id"], r["flagged"], r["contradictions"]) for r in dashboard["contradictions_by_shopper"]] == [
        (world["shopper"].id, 1, 2)]


def test_openai_analyzer_scores_the_criteria_against_the_fake_server(e2e):
    from tests.fakes.media import MEDIA_DIR

    world = tenant()
    _, survey = _configure(e2e, world)
    evaluation_id = _answered(world, survey, "good_service", {"oferta": True, "promo": False, "deriva": False})
    with FakeOpenAI(scripts=fixture_scripts(MEDIA_DIR / "expectations.json")) as fake:
        fake.criteria["ofrece_promocion"] = "Tenemos una promoción"
        with e2e.worker(concurrency=1, TRANSCRIBER="openai", ANALYZER="openai", OPENAI_BASE_URL=fake.base_url,
                        OPENAI_API_KEY=fake.api_key):
            evaluation = e2e.wait_settled([evaluation_id])[evaluation_id]
        [chat] = fake.calls("chat")
    assert evaluation.status == "completed", (evaluation.error_code, evaluation.error_message)
    criterios = chat.fields["response_format"]["json_schema"]["schema"]["properties"]["operative_view"][
        "properties"]["criterios"]
    assert criterios["required"] == ["deriva_ventanilla", "ofrece_promocion"]
    [analysis] = analyses_of(evaluation_id)
    ofrece = analysis.operative_view["criterios"]["ofrece_promocion"]
    assert ofrece["cumple"] is True and ofrece["evidencia"]["cita"] == "Tenemos una promoción"
    assert (ofrece["evidencia"]["inicio"], ofrece["evidencia"]["rol"]) == (13.35, "empleado")
    assert analysis.operative_view["criterios"]["deriva_ventanilla"]["cumple"] is False
    assert analysis.operative_view["calidad_basica"]["oferta"] is False  # the fake's default answer: all false
    flagged = [(c["objetivo"], c["respuesta"], c["veredicto"]) for c in analysis.operative_view["contradicciones"]]
    assert flagged == [("check:oferta", True, False), ("criterion:ofrece_promocion", False, True)]
    assert analysis.operative_view["contradicciones"][1]["evidencia"]["cita"] == "Tenemos una promoción"
    assert analysis.contradiction_count == 2
