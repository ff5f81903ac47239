"""Company criteria: both analyzers judge each one with verified evidence of the employee's words, or false."""

import pytest

from siete.ai import AnalysisContext, Segment, Transcript, get_analyzer, validate_operative_view
from siete.ai.criteria import Criterion
from siete.ai.json_schema import response_format
from tests.fakes.openai_server import strict_schema_problem

SEGMENTS = [
    Segment(0.5, 5.0, "Buenas tardes, bienvenido, mi nombre es Laura.", "A", "empleado"),
    Segment(5.5, 10.0, "Quiero revisar mi cuenta, ¿tienen algún seguro?", "B", "cliente"),
    Segment(10.5, 17.0, "Claro. Le ofrecemos nuestro segurito de protección de pagos por tres dólares.", "A",
            "empleado"),
    Segment(17.5, 20.0, "Gracias por su visita, que tenga buen día.", "A", "empleado"),
]
TRANSCRIPT = Transcript.from_segments(SEGMENTS, "es", 21.0)
SEGURO = Criterion("ofrece_seguro", "Ofrece el seguro", "El asesor ofrece el seguro de protección de pagos",
                   examples=("le ofrezco el seguro de protección",), weight=3)
TARJETA = Criterion("ofrece_tarjeta", "Ofrece la tarjeta", "El asesor ofrece la tarjeta de crédito dorada",
                    examples=("le ofrezco la tarjeta dorada",))
CONTEXT = AnalysisContext(criteria=(SEGURO, TARJETA))


def _openai(settings):
    return get_analyzer("openai", **{**settings, "max_retries": 1, "timeout": 10.0})


def test_heuristic_meets_a_criterion_said_with_other_inflections_and_quotes_the_employee():
    view = get_analyzer("heuristic").analyze(TRANSCRIPT, CONTEXT).operative_view
    validate_operative_view(view)
    seguro = view["criterios"]["ofrece_seguro"]
    assert seguro["cumple"] is True and seguro["peso"] == 3 and seguro["nombre"] == "Ofrece el seguro"
    assert seguro["evidencia"]["cita"].startswith("Le ofrecemos nuestro segurito")
    assert (seguro["evidencia"]["inicio"], seguro["evidencia"]["hablante"]) == (10.5, "A")


def test_heuristic_never_invents_a_criterion_nor_takes_the_customers_words():
    view = get_analyzer("heuristic").analyze(TRANSCRIPT, CONTEXT).operative_view
    assert view["criterios"]["ofrece_tarjeta"] == {"nombre": "Ofrece la tarjeta", "cumple": False, "peso": 1.0,
                                                   "evidencia": None}
    asked = Criterion("pregunta_seguro", "Seguro", "Pregunta por el seguro", examples=("tienen algún seguro",))
    only_customer = get_analyzer("heuristic").analyze(TRANSCRIPT, AnalysisContext(criteria=(asked,)))
    assert only_customer.operative_view["criterios"]["pregunta_seguro"]["cumple"] is False


def test_heuristic_negated_example_does_not_count():
    said = [*SEGMENTS[:2], Segment(10.5, 17.0, "No le ofrezco el seguro de protección, no aplica.", "A", "empleado"),
            SEGMENTS[3]]
    view = get_analyzer("heuristic").analyze(Transcript.from_segments(said, "es", 21.0), CONTEXT).operative_view
    assert view["criterios"]["ofrece_seguro"]["cumple"] is False


def test_without_criteria_the_view_and_schema_are_unchanged():
    view = get_analyzer("heuristic").analyze(TRANSCRIPT).operative_view
    assert "criterios" not in view
    assert "criterios" not in response_format()["json_schema"]["schema"]["properties"]["operative_view"]["properties"]


def test_response_format_requires_every_criterion_in_strict_mode():
    spec = response_format(("ofrece_seguro", "ofrece_tarjeta"))["json_schema"]["schema"]
    assert strict_schema_problem(spec) is None
    criterios = spec["properties"]["operative_view"]["properties"]["criterios"]
    assert criterios["required"] == ["ofrece_seguro", "ofrece_tarjeta"]
    assert criterios["properties"]["ofrece_seguro"]["properties"]["cumple"]["type"] == ["boolean", "null"]


def test_openai_scores_criteria_with_verified_evidence(fake_openai, openai_settings):
    fake_openai.criteria["ofrece_seguro"] = "Le ofrecemos nuestro segurito de protección de pagos"
    result = _openai(openai_settings).analyze(TRANSCRIPT, CONTEXT)
    validate_operative_view(result.operative_view)
    seguro, tarjeta = (result.operative_view["criterios"][k] for k in ("ofrece_seguro", "ofrece_tarjeta"))
    assert seguro["cumple"] is True and seguro["peso"] == 3
    assert seguro["evidencia"]["cita"] == "Le ofrecemos nuestro segurito de protección de pagos"
    assert (seguro["evidencia"]["inicio"], seguro["evidencia"]["fin"], seguro["evidencia"]["hablante"]) == (
        10.5, 17.0, "A")
    assert tarjeta == {"nombre": "Ofrece la tarjeta", "cumple": False, "peso": 1.0, "evidencia": None}
    [call] = fake_openai.calls("chat")
    system, user = call.fields["messages"]
    assert "operative_view.criterios" in system["content"]
    assert "- ofrece_seguro: Ofrece el seguro. El asesor ofrece el seguro" in user["content"]
    assert 'Ejemplos: "le ofrezco la tarjeta dorada"' in user["content"]


@pytest.mark.parametrize("quote", ["Le regalamos una tarjeta dorada sin costo", "¿tienen algún seguro?"])
def test_openai_criterion_with_invented_or_customer_quote_is_not_met(fake_openai, openai_settings, quote):
    fake_openai.criteria["ofrece_tarjeta"] = quote
    result = _openai(openai_settings).analyze(TRANSCRIPT, CONTEXT)
    assert result.operative_view["criterios"]["ofrece_tarjeta"]["cumple"] is False
    assert result.operative_view["criterios"]["ofrece_tarjeta"]["evidencia"] is None


def test_openai_answer_missing_a_criterion_is_asked_again(fake_openai, openai_settings):
    import json

    from tests.fakes.openai_server import Fault, example_instance

    partial = example_instance(response_format()["json_schema"]["schema"])
    partial["operative_view"]["criterios"] = {"ofrece_seguro": {"cumple": False, "evidencias": []}}
    fake_openai.queue("chat", Fault("content", content=json.dumps(partial)))
    result = _openai(openai_settings).analyze(TRANSCRIPT, CONTEXT)
    assert len(fake_openai.calls("chat")) == 2
    assert set(result.operative_view["criterios"]) == {"ofrece_seguro", "ofrece_tarjeta"}
