"""Survey answers against the recording's verdicts, and the weighted scorecard score (pure functions)."""
import pytest

from siete.scorecards.crosscheck import contradictions
from siete.scorecards.service import weighted_score

QUOTE = {"cita": "Buenas tardes", "inicio": 0.8, "fin": 7.3, "hablante": "A", "rol": "empleado", "linea": 1}
VIEW = {
    "calidad_basica": {"saludo": True, "identificacion": False, "oferta": False, "cierre": True,
                       "valor_agregado": False},
    "evidencias": {"calidad_basica": {"saludo": [QUOTE], "identificacion": [], "oferta": [], "cierre": [],
                                      "valor_agregado": []}},
    "criterios": {"seguro": {"nombre": "Seguro", "cumple": True, "peso": 3.0, "evidencia": QUOTE},
                  "tarjeta": {"nombre": "Tarjeta", "cumple": None, "peso": 1.0, "evidencia": None}},
}


def _q(qid, target):
    return {"id": qid, "type": "yes_no", "text": f"¿{qid}?", "required": True, "verifies": target}


def test_only_answers_the_verdict_contradicts_are_flagged():
    questions = [_q("saludo", "check:saludo"), _q("oferta", "check:oferta"), _q("seguro", "criterion:seguro"),
                 _q("tarjeta", "criterion:tarjeta"), _q("otro", "criterion:no_aplica"),
                 {"id": "libre", "type": "text", "text": "Comentario", "required": False}]
    answers = {"saludo": False, "oferta": True, "seguro": True, "tarjeta": True, "otro": True, "libre": "bien"}
    assert contradictions(questions, answers, VIEW) == [
        {"pregunta": "¿saludo?", "respuesta": False, "objetivo": "check:saludo", "veredicto": True,
         "evidencia": QUOTE},
        {"pregunta": "¿oferta?", "respuesta": True, "objetivo": "check:oferta", "veredicto": False,
         "evidencia": None},
    ]  # seguro agrees; tarjeta has no verdict; no_aplica is not on this campaign's scorecard


def test_unanswered_questions_flag_nothing():
    assert contradictions([_q("oferta", "check:oferta")], {}, VIEW) == []


@pytest.mark.parametrize("weights,expected", [
    (dict.fromkeys(("saludo", "identificacion", "oferta", "cierre", "valor_agregado"), 1.0), 62.5),  # (2+3)/(5+3)
    ({"saludo": 0, "identificacion": 0, "oferta": 0, "cierre": 0, "valor_agregado": 0}, 100.0),  # seguro alone
    ({"saludo": 2, "identificacion": 1, "oferta": 1, "cierre": 0, "valor_agregado": 0}, 71.4),  # (2+3)/(4+3)
])
def test_weighted_score_counts_checks_and_criteria_with_a_verdict(weights, expected):
    assert weighted_score(VIEW, weights) == expected


def test_nothing_judged_has_no_score():
    assert weighted_score({"calidad_basica": {"saludo": True}, "criterios": {}}, {"saludo": 0}) is None
