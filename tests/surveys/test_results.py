"""Survey results: per-question aggregates checked against numbers worked out by hand."""
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from siete.evaluations.models import Evaluation
from siete.surveys import service
from tests.factories import (
    CampaignFactory,
    CampaignUserFactory,
    EvaluationFactory,
    SurveyFactory,
    SurveyResponseFactory,
    UserFactory,
    auth_headers,
)
from tests.surveys.conftest import QUESTIONS

pytestmark = pytest.mark.usefixtures("surveys_api")

NOW = datetime.now(UTC).replace(microsecond=0)
# nps, scale, wait, speed, liked, greeted, notes (None: not answered)
ROWS = [
    (10, 5, 2.5, "Rápida", ["Precio", "Trato"], True, "Excelente"),
    (9, 4, 4, "Rápida", ["Trato"], True, "Bien"),
    (7, 3, 10, "Lenta", ["Trato"], False, None),
    (6, 2, 1, "Rápida", ["Precio"], False, "Lento"),
    (8, 4, 3, "Lenta", ["Precio", "Trato"], True, None),
]


@pytest.fixture
def survey(company):
    return SurveyFactory(company=company, questions=service.clean_questions(QUESTIONS))


@pytest.fixture
def campaign(company, survey):
    return CampaignFactory(company=company, survey_id=survey.id)


def _answers(row):
    keys = ("nps", "scale", "wait", "speed", "liked", "greeted", "notes")
    return {key: value for key, value in zip(keys, row, strict=True) if value is not None}


@pytest.fixture
def respond(company):
    """A response to `survey` from a new evaluation of `campaign`, created `days_ago` days ago."""

    def make(survey, campaign, answers, days_ago=0):
        evaluation = EvaluationFactory(company=company, campaign=campaign)
        return SurveyResponseFactory(company=company, survey=survey, evaluation=evaluation, answers=answers,
                                     created_at=NOW - timedelta(days=days_ago))

    return make


@pytest.fixture
def answered(survey, campaign, respond):
    return [respond(survey, campaign, _answers(row), days_ago=10 - i) for i, row in enumerate(ROWS)]


def _results(client, user, survey_id, query=""):
    response = client.get(f"/api/v1/surveys/{survey_id}/results{query}", headers=auth_headers(user))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    return body, {q["id"]: q for q in body["questions"]}


def _day(days_ago):
    return (NOW - timedelta(days=days_ago)).date().isoformat()


def _counts(summary):
    return {c["option"]: c["count"] for c in summary["counts"]}


def test_results_match_hand_computed_numbers(client, admin, survey, answered):
    body, by_id = _results(client, admin, survey.id)
    assert body["responses"] == 5 and body["survey_ids"] == [survey.id] and body["all_versions"] is False
    assert [q["id"] for q in body["questions"]] == [q["id"] for q in QUESTIONS]

    nps = by_id["nps"]  # 10 9 | 7 8 | 6  -> (2 - 1) / 5
    assert (nps["count"], nps["mean"], nps["nps"]) == (5, 8.0, 20.0)
    assert (nps["promoters"], nps["passives"], nps["detractors"]) == (2, 2, 1)
    assert _counts(nps) == {**{str(v): 0 for v in range(11)}, "6": 1, "7": 1, "8": 1, "9": 1, "10": 1}

    scale = by_id["scale"]  # 5 4 3 2 4
    assert (scale["count"], scale["mean"], scale["min"], scale["max"]) == (5, 3.6, 2, 5)
    assert _counts(scale) == {"1": 0, "2": 1, "3": 1, "4": 2, "5": 1}

    wait = by_id["wait"]  # 2.5 4 10 1 3
    assert (wait["count"], wait["mean"], wait["min"], wait["max"]) == (5, 4.1, 1, 10)
    assert "counts" not in wait and "nps" not in wait

    assert by_id["speed"]["count"] == 5
    assert by_id["speed"]["counts"] == [{"option": "Rápida", "count": 3}, {"option": "Lenta", "count": 2},
                                        {"option": "Regular", "count": 0}]
    assert by_id["liked"]["count"] == 5
    assert _counts(by_id["liked"]) == {"Precio": 3, "Trato": 4, "Limpieza": 0}
    assert by_id["greeted"]["counts"] == [{"option": "yes", "count": 3}, {"option": "no", "count": 2}]

    notes = by_id["notes"]
    assert notes["count"] == 3
    assert [n["answer"] for n in notes["latest"]] == ["Lento", "Bien", "Excelente"]
    assert notes["latest"][0]["evaluation_id"] == answered[3].evaluation_id


def test_nps_rounds_to_one_decimal(client, admin, survey, campaign, respond):
    for score in (10, 9, 8, 7, 6, 5, 10):  # promoters 3, passives 2, detractors 2 of 7
        respond(survey, campaign, {"nps": score})
    nps = _results(client, admin, survey.id)[1]["nps"]
    assert (nps["count"], nps["nps"], nps["mean"]) == (7, 14.3, 7.86)
    assert (nps["promoters"], nps["passives"], nps["detractors"]) == (3, 2, 2)


def test_no_responses_gives_zeros_and_nulls(client, admin, survey):
    body, by_id = _results(client, admin, survey.id)
    assert body["responses"] == 0
    assert by_id["nps"]["nps"] is None and by_id["nps"]["count"] == 0 and by_id["scale"]["mean"] is None
    assert _counts(by_id["speed"]) == {"Rápida": 0, "Lenta": 0, "Regular": 0}
    assert by_id["notes"] == {"id": "notes", "type": "text", "text": "Comentarios", "count": 0, "latest": []}


def test_text_results_keep_only_the_ten_latest(client, admin, survey, campaign, respond):
    for n in range(12):
        respond(survey, campaign, {"notes": f"nota {n}"}, days_ago=20 - n)
    notes = _results(client, admin, survey.id)[1]["notes"]
    assert notes["count"] == 12
    assert [n["answer"] for n in notes["latest"]] == [f"nota {n}" for n in range(11, 1, -1)]


def test_other_surveys_and_deleted_evaluations_are_not_counted(client, admin, company, survey, campaign,
                                                              answered, respond, db_session, system_scope):
    respond(SurveyFactory(company=company, questions=survey.questions), campaign, {"nps": 0})
    SurveyResponseFactory(survey=survey, answers={"nps": 0})  # another tenant's row pointing at this survey
    evaluation = db_session.scalars(select(Evaluation).where(Evaluation.id == answered[0].evaluation_id)).one()
    evaluation.soft_delete()
    db_session.commit()
    body, by_id = _results(client, admin, survey.id)
    assert body["responses"] == 4
    assert (by_id["nps"]["promoters"], by_id["nps"]["detractors"]) == (1, 1)


def test_filters_by_campaign_and_date_range(client, admin, company, survey, campaign, answered, respond):
    other_campaign = CampaignFactory(company=company, survey_id=survey.id)
    respond(survey, other_campaign, {"nps": 0, "speed": "Regular"}, days_ago=7)

    _, all_by_id = _results(client, admin, survey.id)
    assert all_by_id["nps"]["count"] == 6
    body, by_id = _results(client, admin, survey.id, f"?campaign_id={other_campaign.id}")
    assert body["responses"] == 1 and _counts(by_id["speed"]) == {"Rápida": 0, "Lenta": 0, "Regular": 1}

    # answered rows were created 10, 9, 8, 7, 6 days ago; the other campaign's one 7 days ago
    body, by_id = _results(client, admin, survey.id, f"?date_from={_day(8)}&date_to={_day(7)}")
    assert body["responses"] == 3 and by_id["nps"]["count"] == 3
    assert sorted(c["option"] for c in by_id["nps"]["counts"] if c["count"]) == ["0", "6", "7"]


def test_bad_results_arguments_are_rejected(client, admin, survey):
    headers = auth_headers(admin)
    url = f"/api/v1/surveys/{survey.id}/results"
    assert client.get(f"{url}?date_from=2026-05-02&date_to=2026-05-01", headers=headers).status_code == 422
    assert client.get(f"{url}?date_from=yesterday", headers=headers).status_code == 422
    assert client.get(f"{url}?campaign_id=999999", headers=headers).status_code == 404


def test_all_versions_aggregates_matching_question_ids(client, admin, survey, campaign, answered, respond,
                                                       system_scope):
    questions = [{**q, "options": q["options"] + ["Excelente"]} if q["id"] == "speed" else q
                 for q in survey.questions if q["id"] != "greeted"]
    v2 = service.update_survey(survey.id, {"questions": questions})
    respond(v2, campaign, {"nps": 0, "scale": 1, "wait": 9, "speed": "Excelente", "liked": ["Limpieza"]})

    body, by_id = _results(client, admin, v2.id)
    assert body["responses"] == 1 and by_id["nps"]["nps"] == -100.0 and "greeted" not in by_id

    body, by_id = _results(client, admin, v2.id, "?all_versions=true")
    assert body["responses"] == 6 and body["survey_ids"] == [v2.id, survey.id]
    assert (by_id["nps"]["promoters"], by_id["nps"]["detractors"], by_id["nps"]["nps"]) == (2, 2, 0.0)
    assert by_id["scale"]["mean"] == 3.17 and by_id["scale"]["min"] == 1  # 19 / 6
    assert _counts(by_id["speed"]) == {"Rápida": 3, "Lenta": 2, "Regular": 0, "Excelente": 1}
    assert _counts(by_id["greeted"]) == {"yes": 3, "no": 2}
    assert [q["id"] for q in body["questions"]][-1] == "greeted"


@pytest.mark.parametrize("role,status", [("superadmin", 200), ("admin", 200), ("shopper", 403)])
def test_results_roles(client, superadmin, admin, shopper, survey, role, status):
    user = {"superadmin": superadmin, "admin": admin, "shopper": shopper}[role]
    assert client.get(f"/api/v1/surveys/{survey.id}/results", headers=auth_headers(user)).status_code == status


def test_manager_sees_results_only_of_their_campaigns(client, company, survey, campaign, answered, respond):
    manager = UserFactory(manager=True, company=company)
    url = f"/api/v1/surveys/{survey.id}/results"
    assert client.get(url, headers=auth_headers(manager)).status_code == 404

    mine = CampaignFactory(company=company, survey_id=survey.id)
    CampaignUserFactory(company=company, campaign=mine, user=manager)
    respond(survey, mine, {"nps": 3, "speed": "Regular"})
    body, by_id = _results(client, manager, survey.id)
    assert body["responses"] == 1 and by_id["nps"]["detractors"] == 1
    assert client.get(f"{url}?campaign_id={campaign.id}", headers=auth_headers(manager)).status_code == 404
