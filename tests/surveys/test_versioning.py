"""Editing a survey with responses creates a new version; without responses it edits in place."""
import pytest
from sqlalchemy import select

from siete.campaigns.models import Campaign
from siete.core.errors import Invalid
from siete.surveys import service
from siete.surveys.models import Survey, SurveyResponse
from tests.factories import CampaignFactory, SurveyFactory, SurveyResponseFactory, auth_headers
from tests.surveys.conftest import QUESTIONS

pytestmark = pytest.mark.usefixtures("surveys_api")


@pytest.fixture
def survey(company):
    return SurveyFactory(company=company, name="Sucursales", questions=service.clean_questions(QUESTIONS))


def _put(client, admin, survey_id, body):
    return client.put(f"/api/v1/surveys/{survey_id}", headers=auth_headers(admin), json=body)


def _with_option(questions, option):
    return [{**q, "options": q["options"] + [option]} if q["id"] == "speed" else q for q in questions]


def _load(db_session, model, **where):
    stmt = select(model).filter_by(**where).execution_options(populate_existing=True)
    return db_session.scalars(stmt).all()


def test_question_change_without_responses_edits_in_place(client, admin, survey, db_session, system_scope):
    response = _put(client, admin, survey.id, {"questions": _with_option(survey.questions, "Excelente")})
    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] == survey.id and body["version"] == 1 and body["previous_version_id"] is None
    assert body["questions"][3]["options"] == ["Rápida", "Lenta", "Regular", "Excelente"]
    assert len(_load(db_session, Survey, company_id=survey.company_id)) == 1


def test_question_change_with_responses_creates_a_new_version(client, admin, survey, company, db_session,
                                                             system_scope):
    answered = SurveyResponseFactory(company=company, survey=survey, answers={"nps": 10, "speed": "Lenta"})
    live = CampaignFactory(company=company, survey_id=survey.id)
    ended = CampaignFactory(company=company, survey_id=survey.id)
    ended.soft_delete()
    db_session.commit()

    response = _put(client, admin, survey.id,
                    {"name": "Sucursales 2027", "questions": _with_option(survey.questions, "Excelente")})
    assert response.status_code == 200, response.get_json()
    new = response.get_json()
    assert new["id"] != survey.id and new["version"] == 2 and new["previous_version_id"] == survey.id
    assert new["is_current"] is True and new["name"] == "Sucursales 2027"
    assert [q["id"] for q in new["questions"]] == [q["id"] for q in survey.questions]

    (old,) = _load(db_session, Survey, id=survey.id)
    assert old.is_current is False and old.name == "Sucursales" and old.questions == survey.questions
    (kept,) = _load(db_session, SurveyResponse, id=answered.id)
    assert kept.survey_id == survey.id and kept.answers == {"nps": 10, "speed": "Lenta"}
    campaigns = {c.id: c.survey_id for c in _load(db_session, Campaign, company_id=company.id)}
    assert campaigns[live.id] == new["id"]
    with_deleted = select(Campaign.survey_id).where(Campaign.id == ended.id).execution_options(include_deleted=True)
    assert db_session.scalar(with_deleted) == survey.id


def test_a_third_edit_chains_versions_and_current_version_follows(client, admin, survey, company, db_session,
                                                                 system_scope):
    SurveyResponseFactory(company=company, survey=survey)
    v2 = _put(client, admin, survey.id, {"questions": _with_option(survey.questions, "B")}).get_json()
    SurveyResponseFactory(company=company, survey=_load(db_session, Survey, id=v2["id"])[0])
    v3 = _put(client, admin, v2["id"], {"questions": _with_option(v2["questions"], "C")}).get_json()
    assert (v3["version"], v3["previous_version_id"]) == (3, v2["id"])
    db_session.expire_all()
    assert service.current_version(survey.id).id == v3["id"]
    listed = client.get("/api/v1/surveys", headers=auth_headers(admin)).get_json()
    assert [s["id"] for s in listed] == [v3["id"]]


def test_renaming_a_survey_with_responses_stays_in_place(client, admin, survey, company, db_session):
    SurveyResponseFactory(company=company, survey=survey)
    unchanged = _put(client, admin, survey.id, {"name": "Nuevo nombre", "questions": survey.questions})
    assert unchanged.status_code == 200
    assert (unchanged.get_json()["id"], unchanged.get_json()["version"]) == (survey.id, 1)
    assert unchanged.get_json()["name"] == "Nuevo nombre"


def test_an_answered_question_id_keeps_its_type(client, admin, survey, company):
    SurveyResponseFactory(company=company, survey=survey)
    questions = [q if q["id"] != "scale" else {"id": "scale", "type": "text", "text": "¿Qué tal?"}
                 for q in survey.questions]
    response = _put(client, admin, survey.id, {"questions": questions})
    assert response.status_code == 422
    assert "type" in response.get_json()["errors"]["json"]["questions"]["1"]


def test_a_question_type_may_change_while_nobody_answered(client, admin, survey):
    questions = [{"id": "scale", "type": "text", "text": "¿Qué tal?"}]
    response = _put(client, admin, survey.id, {"questions": questions})
    assert response.status_code == 200 and response.get_json()["questions"][0]["type"] == "text"


def test_answers_to_the_old_version_still_validate_against_it(survey, company, db_session, system_scope):
    old = _load(db_session, Survey, id=survey.id)[0]
    SurveyResponseFactory(company=company, survey=survey)
    new = service.update_survey(survey.id, {"questions": [q for q in survey.questions if q["id"] != "greeted"]})
    answers = {"nps": 9, "scale": 4, "wait": 3, "speed": "Lenta", "liked": ["Trato"], "greeted": True}
    assert service.validate_answers(old, answers)["greeted"] is True
    with pytest.raises(Invalid) as caught:
        service.validate_answers(new, answers)
    assert caught.value.errors["json"]["answers"] == {"greeted": ["Unknown question"]}
