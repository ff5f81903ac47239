"""The question builder: every malformed question is a 422 naming its index and field."""
import pytest

from tests.factories import auth_headers
from tests.surveys.conftest import QUESTIONS

pytestmark = pytest.mark.usefixtures("surveys_api")

CHOICE = {"id": "c", "type": "single_choice", "text": "¿Cuál?", "options": ["A", "B"]}


def _post(client, admin, questions, **extra):
    return client.post("/api/v1/surveys", headers=auth_headers(admin),
                       json={"name": "Visita", "questions": questions, **extra})


def _question_errors(response, index):
    assert response.status_code == 422, response.get_json()
    return response.get_json()["errors"]["json"]["questions"][str(index)]


@pytest.mark.parametrize(
    "bad,field",
    [
        ({"type": "slider"}, "type"),
        ({"type": None}, "type"),
        ({"text": ""}, "text"),
        ({"text": "   "}, "text"),
        ({"text": "x" * 501}, "text"),
        ({"id": "no spaces"}, "id"),
        ({"id": "x" * 65}, "id"),
        ({"required": "maybe"}, "required"),
        ({"options": ["Solo una"]}, "options"),
        ({"options": [str(n) for n in range(51)]}, "options"),
        ({"options": ["A", "a "]}, "options"),
        ({"options": ["A", ""]}, "options"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_choice_question_names_the_field(client, admin, bad, field):
    response = _post(client, admin, [QUESTIONS[0], {**CHOICE, **bad}])
    assert field in _question_errors(response, 1)


@pytest.mark.parametrize(
    "question,field",
    [
        ({"type": "multiple_choice", "text": "¿Qué?"}, "options"),
        ({"type": "yes_no", "text": "¿Sí?", "options": ["Sí", "No"]}, "options"),
        ({"type": "text", "text": "¿Algo?", "min": 1}, "min"),
        ({"type": "scale", "text": "¿Cuánto?", "max": 3}, "max"),
        ({"type": "number", "text": "¿Cuánto?", "min": 5, "max": 1}, "min"),
        ({"type": "number", "text": "¿Cuánto?", "max_length": 10}, "max_length"),
        ({"type": "text", "text": "¿Algo?", "max_length": 0}, "max_length"),
        ({"type": "number", "text": "¿Cuánto?", "min": "low"}, "min"),
        ({"type": "nps"}, "text"),
        ({"text": "¿Tipo?"}, "type"),
    ],
)
def test_type_specific_rules_name_the_field(client, admin, question, field):
    assert field in _question_errors(_post(client, admin, [question]), 0)


def test_duplicate_question_ids_name_the_second_one(client, admin):
    response = _post(client, admin, [QUESTIONS[0], QUESTIONS[1], {**QUESTIONS[2], "id": "nps"}])
    assert _question_errors(response, 2) == {"id": ["Duplicate question id 'nps'"]}


@pytest.mark.parametrize("questions", [[], [QUESTIONS[5]] * 101, "nps", None])
def test_question_list_needs_1_to_100_questions(client, admin, questions):
    response = _post(client, admin, questions)
    assert response.status_code == 422 and "questions" in response.get_json()["errors"]["json"]


@pytest.mark.parametrize("field", ["version", "is_current", "previous_version_id", "id"])
def test_server_owned_fields_cannot_be_set(client, admin, field):
    response = _post(client, admin, QUESTIONS, **{field: 7})
    assert response.status_code == 422 and field in response.get_json()["errors"]["json"]


def test_questions_are_normalised_with_defaults_and_generated_ids(client, admin):
    questions = [
        {"type": "text", "text": "  ¿Algo más?  "},
        {"type": "number", "text": "¿Cuántos?", "min": None, "max": 3},
        {"id": "pick", "type": "multiple_choice", "text": "¿Cuáles?", "options": [" A ", "B"], "required": False},
    ]
    response = _post(client, admin, questions)
    assert response.status_code == 201, response.get_json()
    text, number, pick = response.get_json()["questions"]
    assert text["id"].startswith("q_") and len(text["id"]) == 10
    assert text == {"id": text["id"], "type": "text", "text": "¿Algo más?", "required": True, "max_length": 2000}
    assert number == {"id": number["id"], "type": "number", "text": "¿Cuántos?", "required": True, "max": 3.0}
    assert pick == {"id": "pick", "type": "multiple_choice", "text": "¿Cuáles?", "required": False,
                    "options": ["A", "B"]}
    assert text["id"] != number["id"]
