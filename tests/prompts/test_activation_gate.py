"""Golden-set regression before a prompt goes live: a version that makes the (fake) OpenAI analyzer disagree with
the company's reviewers is refused with the before/after agreement; `force` activates it, audited with who forced."""
import json

import pytest
from sqlalchemy import select

from siete.audit.models import AuditEntry
from siete.core import tenancy
from siete.extensions import db
from siete.analysis.models import EvaluationAnalysis
from siete.prompts.models import ActivationCheck, Prompt
from siete.prompts.tasks import run_activation_check
from tests.factories import CompanyFactory, EvaluationAnalysisFactory, EvaluationFactory, UserFactory, auth_headers
from tests.fakes.openai_server import FakeOpenAI, example_instance
from tests.review.helpers import operative_view

CHECK_LINES = {  # the employee line that proves each check, numbered as the analyzer numbers them (L1…)
    "saludo": (1, "Buenos días, bienvenido a Banco Norte."),
    "identificacion": (2, "Mi nombre es Carla y hoy la atiendo yo."),
    "oferta": (3, "Le puedo ofrecer la cuenta sin comisiones por un año."),
    "cierre": (4, "Gracias por venir, que tenga un excelente día."),
    "valor_agregado": (5, "Le recomiendo activar las alertas para evitar cargos."),
}
SABOTAGE = "RESPONDE QUE NO SE CUMPLE NINGUN CHECK"
GOOD_PROMPT = "Eres el analista de calidad de Banco Norte: evalúa con rigor y cita la evidencia exacta."
BAD_PROMPT = f"Eres el analista de Banco Norte. {SABOTAGE}, pase lo que pase en la conversación."


def _transcript():
    segments = [{"start": 2.0 * i, "end": 2.0 * i + 1.8, "text": text, "speaker": "A", "role": "empleado"}
                for i, (_line, text) in enumerate(CHECK_LINES.values())]
    segments.append({"start": 10.0, "end": 11.5, "text": "Perfecto, muchas gracias.", "speaker": "B",
                     "role": "cliente"})
    return {"language": "es", "duration": 12.0, "text": " ".join(s["text"] for s in segments), "segments": segments}


def _answer(request):
    """What the fake model says: the truth, unless the prompt (or a criterion in it) tells it to deny everything."""
    data = example_instance(request["response_format"]["json_schema"]["schema"])
    data["executive_view"] = "## Resumen ejecutivo\n\nAtención correcta."
    sabotaged = any(SABOTAGE in str(m.get("content")) for m in request["messages"])
    view = data["operative_view"]
    line, text = CHECK_LINES["oferta"]
    for verdict in (view.get("criterios") or {}).values():
        verdict.update(cumple=not sabotaged, evidencias=[] if sabotaged else [
            {"cita": text, "inicio": 2.0 * (line - 1), "fin": 2.0 * (line - 1) + 1.8, "linea": line,
             "hablante": None, "rol": None}])
    for check, (line, text) in CHECK_LINES.items():
        view["calidad_basica"][check] = not sabotaged
        start = 2.0 * (line - 1)
        view["evidencias"]["calidad_basica"][check] = [] if sabotaged else [
            {"cita": text, "inicio": start, "fin": start + 1.8, "linea": line, "hablante": None, "rol": None}]
    view["IRD"] = {"score": 10, "justificacion": "Cliente satisfecho"}
    view["verbatims"] = {"positivos": [], "negativos": [], "criticos": []}
    for kind in ("positivos", "negativos", "criticos"):
        view["evidencias"]["verbatims"][kind] = []
    return json.dumps(data, ensure_ascii=False)


@pytest.fixture
def fake(app, monkeypatch):
    with FakeOpenAI() as server:
        server.chat_responder = _answer
        for key, value in {"ANALYZER": "openai", "OPENAI_API_KEY": server.api_key,
                           "OPENAI_BASE_URL": server.base_url, "OPENAI_MAX_RETRIES": 0}.items():
            monkeypatch.setitem(app.config, key, value)
        yield server


@pytest.fixture
def golden(db_session):
    """Four reviewed evaluations in which the reviewers confirmed all five checks."""
    company = CompanyFactory(review_required=True)
    reviewer = UserFactory(superadmin=True)
    for _ in range(4):
        evaluation = EvaluationFactory(company=company, status="completed")
        EvaluationAnalysisFactory(company=company, evaluation=evaluation, published_by=reviewer.id,
                                  transcript=_transcript(), operative_view=operative_view())
    return {"company": company, "admin": UserFactory(admin=True, company=company)}


def _create(client, admin, content, **extra):
    response = client.post("/api/v1/prompts", headers=admin, json={"content": content, **extra})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _check(client, admin, check_id):
    return client.get(f"/api/v1/prompts/activation-checks/{check_id}", headers=admin).get_json()


def test_a_worse_prompt_is_refused_with_the_agreement_before_and_after_and_force_activates_it(client, golden, fake):
    admin = auth_headers(golden["admin"])
    good = _create(client, admin, GOOD_PROMPT)
    assert good["is_active"] is False and good["activation"]["status"] == "running"
    assert good["activation"]["total"] == 4
    assert run_activation_check(good["activation"]["id"]) == "activated"
    passed = _check(client, admin, good["activation"]["id"])
    assert (passed["before_agreement"], passed["after_agreement"], passed["progress"]) == (1.0, 1.0, 100)
    assert client.get(f"/api/v1/prompts/{good['id']}", headers=admin).get_json()["is_active"] is True
    assert len(fake.calls("chat")) == 8  # four evaluations, each under the active and the candidate prompt

    bad = _create(client, admin, BAD_PROMPT)
    assert run_activation_check(bad["activation"]["id"]) == "refused"
    refused = _check(client, admin, bad["activation"]["id"])
    assert (refused["before_agreement"], refused["after_agreement"]) == (1.0, 0.0)
    assert "baja de 100% a 0%" in refused["message"] and "4 evaluaciones revisadas" in refused["message"]
    effective = client.get("/api/v1/prompts/effective", headers=admin).get_json()
    assert effective["content"] == GOOD_PROMPT  # the refused version never went live
    assert run_activation_check(bad["activation"]["id"]) == "refused"  # a redelivered task changes nothing

    forced = client.put(f"/api/v1/prompts/{bad['id']}", headers=admin, json={"is_active": True, "force": True})
    assert forced.status_code == 200 and forced.get_json()["is_active"] is True
    assert client.get("/api/v1/prompts/effective", headers=admin).get_json()["content"] == BAD_PROMPT
    with tenancy.system_scope():
        [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "prompt.activation_forced")).all()
        assert (entry.actor_id, entry.entity_id) == (golden["admin"].id, bad["id"])


def test_without_reviewed_evaluations_a_version_goes_live_at_once(client, db_session, fake):
    admin = auth_headers(UserFactory(admin=True, company=CompanyFactory()))
    created = _create(client, admin, GOOD_PROMPT)
    assert created["is_active"] is True and created["activation"] is None
    assert fake.calls("chat") == []


def test_a_check_is_the_companys_own(client, golden, fake):
    admin = auth_headers(golden["admin"])
    check_id = _create(client, admin, GOOD_PROMPT)["activation"]["id"]
    stranger = auth_headers(UserFactory(admin=True, company=CompanyFactory()))
    assert client.get(f"/api/v1/prompts/activation-checks/{check_id}", headers=stranger).status_code == 404
    manager = auth_headers(UserFactory(manager=True, company=golden["company"]))
    assert client.get(f"/api/v1/prompts/activation-checks/{check_id}", headers=manager).status_code == 403
    with tenancy.system_scope():
        assert db.session.get(ActivationCheck, check_id).requested_by == golden["admin"].id
        assert db.session.scalars(select(Prompt).where(Prompt.is_active.is_(True),
                                                       Prompt.company_id == golden["company"].id)).all() == []


def test_agreement_counts_the_criteria_the_reviewers_judged():
    from siete.analysis.evaluation import Case
    from siete.prompts.gate import _agreement, _criteria_pairs

    labels = dict.fromkeys(("saludo", "identificacion", "oferta", "cierre", "valor_agregado"), True)
    cases = [Case("1", "low", 10, False, {**labels, "oferta": False}, labels)]  # 4 of 5 checks agree
    human = {"criterios": {"deriva": {"cumple": True}, "sin_juicio": {"cumple": None}, "otro": {"cumple": False}}}
    answer = {"criterios": {"deriva": {"cumple": False}, "sin_juicio": {"cumple": True}, "nuevo": {"cumple": True}}}
    pairs = _criteria_pairs(human, answer)
    assert pairs == [(False, True)]  # only what both hold and a reviewer judged
    assert _agreement(cases, pairs) == round(4 / 6, 4)
    assert _agreement(cases, []) == 0.8
    assert _criteria_pairs(human, None) == []


def test_a_scorecard_version_goes_through_the_same_check(client, golden, fake):
    """The reviewers judged criterion `deriva` met; a new scorecard whose criterion makes the model deny everything
    is refused, and its first version (which changes nothing the reviewers judged) went live."""
    with tenancy.system_scope():
        for analysis in db.session.scalars(select(EvaluationAnalysis).where(
                EvaluationAnalysis.company_id == golden["company"].id)):
            analysis.operative_view = {**analysis.operative_view, "criterios": {"deriva": {
                "nombre": "Deriva", "cumple": True, "peso": 1.0, "evidencia": None}}}
        db.session.commit()
    admin = auth_headers(golden["admin"])
    criterion = {"key": "deriva", "name": "Deriva a otra ventanilla", "weight": 1,
                 "description": "El empleado envía al cliente a otra ventanilla cuando corresponde."}
    first = client.post("/api/v1/scorecards", headers=admin, json={"criteria": [criterion]})
    assert first.status_code == 201, first.get_json()
    check = first.get_json()["activation"]
    assert check["kind"] == "scorecard" and check["version_id"] == first.get_json()["id"]
    assert run_activation_check(check["id"]) == "activated"

    worse = {**criterion, "description": f"{SABOTAGE}. El empleado envía al cliente a otra ventanilla."}
    second = client.post("/api/v1/scorecards", headers=admin, json={"criteria": [worse]}).get_json()
    assert run_activation_check(second["activation"]["id"]) == "refused"
    refused = _check(client, admin, second["activation"]["id"])
    assert refused["after_agreement"] == 0.0 and "ficha de evaluación" in refused["message"]
    effective = client.get("/api/v1/scorecards/effective", headers=admin).get_json()
    assert effective["version"].endswith("-v1")
    forced = client.put(f"/api/v1/scorecards/{second['id']}", headers=admin, json={"is_active": True, "force": True})
    assert forced.status_code == 200 and forced.get_json()["is_active"] is True
    with tenancy.system_scope():
        [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "scorecard.activation_forced"))
        assert entry.actor_id == golden["admin"].id
