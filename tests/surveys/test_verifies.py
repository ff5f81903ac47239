"""A yes/no survey question can verify a basic check or one of the company's scorecard criteria."""
import pytest

from tests.factories import CompanyFactory, ScorecardFactory, UserFactory, auth_headers


@pytest.fixture
def admin(db_session):
    company = CompanyFactory()
    ScorecardFactory(company=company)  # defines criterion 'ofrece_seguro'
    return auth_headers(UserFactory(admin=True, company=company))


def _survey(client, headers, *questions):
    return client.post("/api/v1/surveys", headers=headers, json={"name": "Visita", "questions": list(questions)})


def test_yes_no_questions_keep_what_they_verify(client, admin):
    created = _survey(client, admin,
                      {"id": "s", "type": "yes_no", "text": "¿Lo saludaron?", "verifies": "check:saludo"},
                      {"id": "c", "type": "yes_no", "text": "¿Le ofrecieron el seguro?",
                       "verifies": "criterion:ofrece_seguro"},
                      {"id": "n", "type": "yes_no", "text": "¿Volvería?"})
    assert created.status_code == 201, created.get_json()
    questions = {q["id"]: q for q in created.get_json()["questions"]}
    assert (questions["s"]["verifies"], questions["c"]["verifies"]) == ("check:saludo", "criterion:ofrece_seguro")
    assert "verifies" not in questions["n"]


@pytest.mark.parametrize("question", [
    {"type": "nps", "text": "¿Nos recomendaría?", "verifies": "check:saludo"},
    {"type": "text", "text": "Comentario", "verifies": "criterion:ofrece_seguro"},
    {"type": "yes_no", "text": "¿Sonrió?", "verifies": "check:sonrisa"},
    {"type": "yes_no", "text": "¿Sonrió?", "verifies": "saludo"},
    {"type": "yes_no", "text": "¿Sonrió?", "verifies": "criterion:Con Espacios"},
])
def test_only_yes_no_questions_verify_a_known_target(client, admin, question):
    response = _survey(client, admin, question)
    assert response.status_code == 422
    assert "verifies" in response.get_json()["errors"]["json"]["questions"]["0"]


def test_a_criterion_the_company_does_not_define_is_refused(client, admin):
    response = _survey(client, admin, {"type": "yes_no", "text": "¿Le dieron una tarjeta?",
                                       "verifies": "criterion:ofrece_tarjeta"})
    assert response.status_code == 422
    assert "ofrece_tarjeta" in response.get_json()["errors"]["json"]["questions"]["0"]["verifies"][0]


def test_another_companys_criterion_is_unknown_here(client, db_session):
    other = CompanyFactory()
    ScorecardFactory(company=other, criteria=[{**ScorecardFactory.criteria.function()[0], "key": "solo_de_otra"}])
    admin = auth_headers(UserFactory(admin=True, company=CompanyFactory()))
    response = _survey(client, admin, {"type": "yes_no", "text": "¿?", "verifies": "criterion:solo_de_otra"})
    assert response.status_code == 422


def test_editing_questions_checks_the_targets_too(client, admin):
    survey = _survey(client, admin, {"id": "a", "type": "yes_no", "text": "¿Lo saludaron?"}).get_json()
    bad = client.put(f"/api/v1/surveys/{survey['id']}", headers=admin, json={"questions": [
        {"id": "a", "type": "yes_no", "text": "¿Lo saludaron?", "verifies": "criterion:inexistente"}]})
    assert bad.status_code == 422
    good = client.put(f"/api/v1/surveys/{survey['id']}", headers=admin, json={"questions": [
        {"id": "a", "type": "yes_no", "text": "¿Lo saludaron?", "verifies": "check:saludo"}]})
    assert good.status_code == 200 and good.get_json()["questions"][0]["verifies"] == "check:saludo"
