"""Question types and the checks an answer to each type must pass (pure functions, no database)."""
import math
import uuid

from siete.core.errors import Invalid

QUESTION_TYPES = ("text", "number", "single_choice", "multiple_choice", "yes_no", "scale", "nps")
CHOICE_TYPES = frozenset({"single_choice", "multiple_choice"})
QUESTION_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
DEFAULT_MAX_LENGTH = 2000
MAX_QUESTIONS = 100
SCALE = (1, 5)
NPS = (0, 10)


class WrongAnswer(Exception):
    """One answer that does not fit its question; the message tells the shopper why."""


def new_question_id():
    return f"q_{uuid.uuid4().hex[:8]}"


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _fmt(number):
    return f"{number:g}"


def _number(question, value):
    if not _is_number(value):
        raise WrongAnswer("Must be a number")
    if question.get("min") is not None and value < question["min"]:
        raise WrongAnswer(f"Must be at least {_fmt(question['min'])}")
    if question.get("max") is not None and value > question["max"]:
        raise WrongAnswer(f"Must be at most {_fmt(question['max'])}")
    return value


def _whole_number_between(low, high):
    def check(question, value):
        if not (isinstance(value, int) and not isinstance(value, bool) and low <= value <= high):
            raise WrongAnswer(f"Must be a whole number from {low} to {high}")
        return value

    return check


def _yes_no(question, value):
    if not isinstance(value, bool):
        raise WrongAnswer("Must be true or false")
    return value


def _single_choice(question, value):
    if not isinstance(value, str) or value.strip() not in question["options"]:
        raise WrongAnswer(f"Must be one of: {', '.join(question['options'])}")
    return value.strip()


def _multiple_choice(question, value):
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise WrongAnswer("Must be a list of options")
    chosen = [item.strip() for item in value]
    unknown = [item for item in chosen if item not in question["options"]]
    if unknown:
        raise WrongAnswer(f"Unknown option(s): {', '.join(unknown)}")
    if len(set(chosen)) != len(chosen):
        raise WrongAnswer("Options must not repeat")
    return [option for option in question["options"] if option in chosen]


def _text(question, value):
    if not isinstance(value, str):
        raise WrongAnswer("Must be text")
    limit = question.get("max_length", DEFAULT_MAX_LENGTH)
    if len(value.strip()) > limit:
        raise WrongAnswer(f"Must be at most {limit} characters")
    return value.strip()


CHECKS = {
    "text": _text,
    "number": _number,
    "single_choice": _single_choice,
    "multiple_choice": _multiple_choice,
    "yes_no": _yes_no,
    "scale": _whole_number_between(*SCALE),
    "nps": _whole_number_between(*NPS),
}


def _unanswered(value):
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def check_answers(questions, answers):
    """Cleaned answers keyed by question id, or Invalid naming every question that is wrong."""
    if not isinstance(answers, dict):
        raise Invalid({"answers": ["Must be an object keyed by question id"]})
    known = {question["id"] for question in questions}
    errors = {key: ["Unknown question"] for key in answers if key not in known}
    cleaned = {}
    for question in questions:
        value = answers.get(question["id"])
        if _unanswered(value):
            if question.get("required", True):
                errors[question["id"]] = ["An answer is required"]
            continue
        try:
            cleaned[question["id"]] = CHECKS[question["type"]](question, value)
        except WrongAnswer as err:
            errors[question["id"]] = [str(err)]
    if errors:
        raise Invalid({"answers": errors})
    return cleaned
