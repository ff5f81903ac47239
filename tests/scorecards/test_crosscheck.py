"""Survey answers against the recording's verdicts, and the weighted scorecard score, again after a change."""
import pytest

from siete.core import tenancy
from siete.scorecards.crosscheck import contradictions
from siete.scorecards.service import rescore, weighted_score, weights_of
from tests.factories import (
    CompanyFactory,
    EvaluationAnalysisFactory,
    EvaluationFactory,
    ScorecardFactory,
    SurveyFactory,
    SurveyResponseFactory,
)

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


def test_rescore_follows_a_changed_verdict(db_session):
    company = CompanyFactory()
    weights = {"saludo": 2, "identificacion": 0, "oferta": 1, "cierre": 0, "valor_agregado": 0}
    scorecard = ScorecardFactory(company=company, check_weights=weights)
    evaluation = EvaluationFactory(company=company, status="completed")
    analysis = EvaluationAnalysisFactory(company=company, evaluation=evaluation, operative_view=dict(VIEW),
                                         scorecard_version=scorecard.label)
    SurveyResponseFactory(company=company, evaluation=evaluation, answers={"oferta": True},
                          survey=SurveyFactory(company=company, questions=[_q("oferta", "check:oferta")]))
    with tenancy.system_scope():
        rescore(analysis)
        assert (analysis.contradiction_count, analysis.scorecard_score) == (1, 83.3)  # saludo 2 + seguro 3 of 6
        analysis.operative_view = {**analysis.operative_view,
                                   "calidad_basica": {**VIEW["calidad_basica"], "oferta": True}}  # a reviewer's fix
        rescore(analysis)
    assert (analysis.contradiction_count, analysis.scorecard_score) == (0, 100.0)
    assert analysis.operative_view["contradicciones"] == []


def test_an_unknown_version_scores_with_the_built_in_weights(db_session):
    assert weights_of(1, "basic-v1") == weights_of(1, "company-1-v99") == dict.fromkeys(
        ("saludo", "identificacion", "oferta", "cierre", "valor_agregado"), 1.0)
