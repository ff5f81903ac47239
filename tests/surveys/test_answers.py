"""validate_answers, build_response and current_version: the API evaluation submission relies on."""
import pytest
from sqlalchemy import select

from siete.core import tenancy
from siete.core.errors import Invalid, NotFound
from siete.surveys import service
from siete.surveys.models import Survey, SurveyResponse
from tests.factories import CompanyFactory, EvaluationFactory, SurveyFactory
from tests.surveys.conftest import QUESTIONS

VALID = {"nps": 9, "scale": 4, "wait": 12.5, "speed": "Rápida", "liked": ["Trato", "Precio"],
         "greeted": True, "notes": "  Muy amables  "}


@pytest.fixture
def survey(company):
    return SurveyFactory(company=company, questions=service.clean_questions(QUESTIONS))


def _errors(survey, answers):
    with pytest.raises(Invalid) as caught:
        service.validate_answers(survey, answers)
    return caught.value.errors["json"]["answers"]


def test_valid_answers_are_cleaned(survey):
    cleaned = service.validate_answers(survey, VALID)
    assert cleaned == {**VALID, "liked": ["Precio", "Trato"], "notes": "Muy amables"}


def test_optional_question_may_be_left_out_or_blank(survey):
    for missing in ({}, {"notes": None}, {"notes": "   "}):
        answers = {k: v for k, v in VALID.items() if k != "notes"} | missing
        assert "notes" not in service.validate_answers(survey, answers)


def test_every_missing_required_answer_is_named(survey):
    assert _errors(survey, {"notes": "hola"}) == {
        key: ["An answer is required"] for key in ("nps", "scale", "wait", "speed", "liked", "greeted")
    }


@pytest.mark.parametrize("value", [None, "", [], "   "])
def test_blank_required_answer_is_missing(survey, value):
    assert _errors(survey, {**VALID, "speed": value}) == {"speed": ["An answer is required"]}


def test_unknown_question_ids_are_rejected(survey):
    assert _errors(survey, {**VALID, "q_ghost": 1}) == {"q_ghost": ["Unknown question"]}


def test_answers_must_be_an_object(survey):
    with pytest.raises(Invalid) as caught:
        service.validate_answers(survey, ["nps", 9])
    assert caught.value.errors["json"] == {"answers": ["Must be an object keyed by question id"]}


@pytest.mark.parametrize(
    "question_id,value,message",
    [
        ("nps", 11, "Must be a whole number from 0 to 10"),
        ("nps", -1, "Must be a whole number from 0 to 10"),
        ("nps", 8.5, "Must be a whole number from 0 to 10"),
        ("nps", "9", "Must be a whole number from 0 to 10"),
        ("nps", True, "Must be a whole number from 0 to 10"),
        ("scale", 0, "Must be a whole number from 1 to 5"),
        ("scale", 6, "Must be a whole number from 1 to 5"),
        ("wait", "12", "Must be a number"),
        ("wait", False, "Must be a number"),
        ("wait", float("inf"), "Must be a number"),
        ("wait", -1, "Must be at least 0"),
        ("wait", 120.5, "Must be at most 120"),
        ("speed", "Instantánea", "Must be one of: Rápida, Lenta, Regular"),
        ("speed", ["Rápida"], "Must be one of: Rápida, Lenta, Regular"),
        ("liked", "Precio", "Must be a list of options"),
        ("liked", ["Precio", 3], "Must be a list of options"),
        ("liked", ["Precio", "Ruido"], "Unknown option(s): Ruido"),
        ("liked", ["Trato", "Trato"], "Options must not repeat"),
        ("greeted", "yes", "Must be true or false"),
        ("greeted", 1, "Must be true or false"),
        ("notes", 42, "Must be text"),
        ("notes", "x" * 2001, "Must be at most 2000 characters"),
    ],
)
def test_wrong_answer_types_name_the_question(survey, question_id, value, message):
    assert _errors(survey, {**VALID, question_id: value}) == {question_id: [message]}


def test_boundaries_are_accepted(survey):
    edges = {"nps": 0, "scale": 5, "wait": 120, "notes": "x" * 2000, "liked": ["Limpieza"], "greeted": False}
    assert service.validate_answers(survey, {**VALID, **edges}) == {**VALID, **edges}


def test_build_response_adds_cleaned_answers_without_committing(survey, company, db_session):
    evaluation = EvaluationFactory(company=company)
    with tenancy.tenant_scope(company.id):
        response = service.build_response(survey, evaluation.id, evaluation.user_id, company.id, VALID)
        assert response in db_session.new
        assert response.answers["liked"] == ["Precio", "Trato"] and response.survey_id == survey.id
    db_session.rollback()
    with tenancy.system_scope():
        assert db_session.scalars(select(SurveyResponse).where(SurveyResponse.evaluation_id == evaluation.id)).all() == []


def test_build_response_rejects_invalid_answers_and_foreign_company(survey, company):
    evaluation = EvaluationFactory(company=company)
    with tenancy.tenant_scope(company.id), pytest.raises(Invalid):
        service.build_response(survey, evaluation.id, evaluation.user_id, company.id, {"nps": 99})
    with tenancy.system_scope(), pytest.raises(Invalid):
        service.build_response(survey, evaluation.id, evaluation.user_id, CompanyFactory().id, VALID)


def test_current_version_follows_newer_versions(company, db_session):
    v1 = SurveyFactory(company=company, is_current=False)
    v2 = SurveyFactory(company=company, previous_version_id=v1.id, version=2, is_current=False)
    v3 = SurveyFactory(company=company, previous_version_id=v2.id, version=3)
    with tenancy.tenant_scope(company.id):
        assert service.current_version(v1.id).id == v3.id
        assert service.current_version(v3.id).id == v3.id


def test_current_version_is_404_for_deleted_or_foreign_surveys(company, db_session):
    gone = SurveyFactory(company=company)
    gone.soft_delete()
    db_session.commit()
    foreign = SurveyFactory()
    with tenancy.tenant_scope(company.id):
        for survey_id in (gone.id, foreign.id, 999999):
            with pytest.raises(NotFound):
                service.current_version(survey_id)
    with tenancy.system_scope():
        assert db_session.scalars(select(Survey).where(Survey.id == foreign.id)).first() is not None
