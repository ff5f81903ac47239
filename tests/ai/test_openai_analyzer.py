"""The GPT analyzer, through the real openai SDK against the fake server: request shape, retries, validation."""

import json

import pytest

from siete.ai import AnalysisContext, PermanentAIError, Segment, Transcript, TransientAIError, get_analyzer
from siete.ai.json_schema import response_format
from siete.ai.prompts import PROMPT_VERSION
from siete.ai.schemas import validate_operative_view
from tests.fakes.openai_server import Fault, example_instance

TRANSCRIPT = Transcript.from_segments([
    Segment(0.5, 6.0, "Buenas tardes, bienvenido, mi nombre es Laura."),
    Segment(6.5, 12.0, "Llevo una hora esperando, voy a cancelar el servicio."),
    Segment(12.5, 18.0, "Le ofrezco el plan de cien megas con descuento."),
], "es", 20.0)
CONTEXT = AnalysisContext(company_name="Telecom Siete", campaign_name="Sucursales Norte",
                          survey_answers={"¿Le saludaron?": True, "Tiempo de espera": "45 minutos"})


def analyzer(settings, **overrides):
    return get_analyzer("openai", **{**settings, "max_retries": 2, "timeout": 10.0, **overrides})


def answer(**operative_changes) -> dict:
    """A schema-valid answer, optionally altered."""
    data = example_instance(response_format()["json_schema"]["schema"])
    data["executive_view"] = "## 🧾 Resumen ejecutivo\n\nAtención con riesgo de cancelación."
    data["operative_view"].update(operative_changes)
    return data


def test_one_structured_call_returns_both_views(fake_openai, openai_settings):
    result = analyzer(openai_settings).analyze(TRANSCRIPT, CONTEXT)
    validate_operative_view(result.operative_view)
    assert result.provider == "openai" and result.model == "gpt-4o" and result.prompt_version == PROMPT_VERSION
    assert result.executive_view and json.loads(result.analysis)["executive_view"] == result.executive_view
    assert result.usage["total_tokens"] == result.usage["prompt_tokens"] + result.usage["completion_tokens"] > 0
    [call] = fake_openai.calls("chat")
    request = call.fields
    assert request["model"] == "gpt-4o" and request["temperature"] == 0
    assert request["response_format"] == response_format()
    assert request["response_format"]["json_schema"]["strict"] is True
    system, user = request["messages"]
    assert system["role"] == "system" and "Vista Ejecutiva" in system["content"]
    assert "L2 [6.5-12.0] CLIENTE: Llevo una hora esperando" in user["content"]  # numbered, with who speaks
    assert "L1 [0.5-6.0] EMPLEADO: Buenas tardes" in user["content"]
    assert "Telecom Siete" in user["content"] and "Sucursales Norte" in user["content"]
    assert "- ¿Le saludaron?: sí" in user["content"] and "Tiempo de espera: 45 minutos" in user["content"]


def test_company_prompt_overrides_the_default_but_keeps_the_output_contract(fake_openai, openai_settings):
    context = AnalysisContext(prompt_text="Eres el analista de Banco Uno. Sé breve.", prompt_version="banco-uno-v3")
    result = analyzer(openai_settings, model="gpt-4o-mini").analyze(TRANSCRIPT, context)
    system = fake_openai.calls("chat")[0].fields["messages"][0]["content"]
    assert system.startswith("Eres el analista de Banco Uno. Sé breve.")
    assert "evidencias" in system
    assert result.prompt_version == "banco-uno-v3" and result.model == "gpt-4o-mini"


def test_rate_limit_is_retried(fake_openai, openai_settings):
    fake_openai.queue("chat", "rate_limit", "rate_limit")
    result = analyzer(openai_settings).analyze(TRANSCRIPT)
    assert [c.status for c in fake_openai.calls("chat")] == [429, 429, 200]
    validate_operative_view(result.operative_view)


def test_insufficient_quota_is_permanent_and_not_retried(fake_openai, openai_settings):
    fake_openai.queue("chat", "insufficient_quota")
    with pytest.raises(PermanentAIError) as error:
        analyzer(openai_settings).analyze(TRANSCRIPT)
    assert error.value.code == "ai_quota_exceeded"
    assert len(fake_openai.calls("chat")) == 1


def test_persistent_5xx_is_transient(fake_openai, openai_settings):
    fake_openai.queue("chat", "server_error", "server_error")
    with pytest.raises(TransientAIError) as error:
        analyzer(openai_settings, max_retries=1).analyze(TRANSCRIPT)
    assert error.value.code == "ai_unavailable"
    assert len(fake_openai.calls("chat")) == 2


def test_timeout_is_transient(fake_openai, openai_settings):
    fake_openai.queue("chat", Fault("timeout", delay=5))
    with pytest.raises(TransientAIError) as error:
        analyzer(openai_settings, timeout=0.5, max_retries=0).analyze(TRANSCRIPT)
    assert error.value.code == "ai_timeout"


def test_invalid_json_is_asked_again_then_accepted(fake_openai, openai_settings):
    fake_openai.queue("chat", "invalid_json", "schema_violation")
    result = analyzer(openai_settings, invalid_output_retries=2).analyze(TRANSCRIPT)
    validate_operative_view(result.operative_view)
    *_, third = fake_openai.calls("chat")
    assert len(third.fields["messages"]) == 4 and "no es válida" in third.fields["messages"][-1]["content"]
    assert result.usage["completion_tokens"] >= 3  # every attempt is paid for and counted


def test_invalid_answers_beyond_the_retries_fail_clearly(fake_openai, openai_settings):
    fake_openai.queue("chat", "invalid_json", "schema_violation", "invalid_json")
    with pytest.raises(PermanentAIError) as error:
        analyzer(openai_settings, invalid_output_retries=2).analyze(TRANSCRIPT)
    assert error.value.code == "ai_invalid_output" and "not JSON" in error.value.message
    assert len(fake_openai.calls("chat")) == 3


@pytest.mark.parametrize("change", [
    {"NPS_inferido": 11},
    {"calidad_basica": {"saludo": "true", "identificacion": True, "oferta": True, "cierre": True,
                        "valor_agregado": True}},
    {"acciones_sugeridas": [{"accion": "Llamar", "prioridad": "urgente"}]},
    {"IRD": {"score": 40}},
])
def test_off_schema_operative_view_is_rejected(fake_openai, openai_settings, change):
    fake_openai.queue("chat", Fault("content", content=json.dumps(answer(**change))))
    with pytest.raises(PermanentAIError) as error:
        analyzer(openai_settings, invalid_output_retries=0).analyze(TRANSCRIPT)
    assert error.value.code == "ai_invalid_output"


def test_cited_quotes_are_verified_and_take_the_time_and_speaker_of_their_line(fake_openai, openai_settings):
    quote = "Llevo una hora esperando, voy a cancelar el servicio."
    data = answer(verbatims={"positivos": [], "negativos": [], "criticos": [quote]})
    data["operative_view"]["calidad_basica"].update(saludo=True, oferta=True)
    data["operative_view"]["evidencias"]["calidad_basica"]["saludo"] = [
        {"cita": "Buenas tardes, bienvenido", "inicio": 300.0, "fin": 310.0, "linea": 1, "hablante": None,
         "rol": None}]  # seconds past the end: the cited line's are used
    data["operative_view"]["evidencias"]["calidad_basica"]["oferta"] = [
        {"cita": "le ofrezco el plan de cien megas", "inicio": 0.0, "fin": 1.0, "linea": 7, "hablante": None,
         "rol": None},  # wrong line number: found elsewhere in the transcript
        {"cita": "algo que nadie dijo", "inicio": 15.0, "fin": 95.0, "linea": 3, "hablante": None, "rol": None}]
    fake_openai.chat_responder = lambda request: json.dumps(data, ensure_ascii=False)
    result = analyzer(openai_settings).analyze(TRANSCRIPT)
    evidence = result.operative_view["evidencias"]
    assert evidence["calidad_basica"]["saludo"] == [{"cita": "Buenas tardes, bienvenido", "inicio": 0.5, "fin": 6.0,
                                                    "hablante": "", "rol": "empleado", "linea": 1}]
    assert evidence["calidad_basica"]["oferta"] == [{"cita": "le ofrezco el plan de cien megas", "inicio": 12.5,
                                                    "fin": 18.0, "hablante": "", "rol": "empleado", "linea": 3}]
    assert evidence["verbatims"]["criticos"] == [{"cita": quote, "inicio": 6.5, "fin": 12.0, "hablante": "",
                                                  "rol": "cliente", "linea": 2}]  # filled in from the transcript
    assert result.evidence["descartadas"] == 1 and result.evidence["citas_descartadas"] == ["algo que nadie dijo"]
    assert result.operative_view["IRD"]["score"] >= 70  # a critical verbatim forces the critical risk
    validate_operative_view(result.operative_view)


def test_a_check_proved_only_by_the_customers_words_is_not_met(fake_openai, openai_settings):
    data = answer()
    data["operative_view"]["calidad_basica"]["oferta"] = True
    data["operative_view"]["evidencias"]["calidad_basica"]["oferta"] = [
        {"cita": "voy a cancelar el servicio", "inicio": 6.5, "fin": 12.0, "linea": 2, "hablante": None, "rol": None}]
    fake_openai.chat_responder = lambda request: json.dumps(data, ensure_ascii=False)
    view = analyzer(openai_settings).analyze(TRANSCRIPT).operative_view
    assert view["calidad_basica"]["oferta"] is False and view["evidencias"]["calidad_basica"]["oferta"] == []


def test_a_verbatim_not_in_the_transcript_is_dropped_and_counted(fake_openai, openai_settings):
    data = answer(verbatims={"positivos": ["Todo fue maravilloso"], "negativos": [], "criticos": []})
    fake_openai.chat_responder = lambda request: json.dumps(data, ensure_ascii=False)
    result = analyzer(openai_settings).analyze(TRANSCRIPT)
    assert result.operative_view["verbatims"]["positivos"] == []
    assert result.operative_view["evidencias"]["verbatims"]["positivos"] == []
    assert result.evidence == {"citadas": 1, "verificadas": 0, "descartadas": 1,
                               "citas_descartadas": ["Todo fue maravilloso"]}


@pytest.mark.parametrize("kind", ["refusal", "empty"])
def test_refusal_or_empty_answer_counts_as_invalid_output(fake_openai, openai_settings, kind):
    fake_openai.queue("chat", kind, kind)
    with pytest.raises(PermanentAIError) as error:
        analyzer(openai_settings, invalid_output_retries=1).analyze(TRANSCRIPT)
    assert error.value.code == "ai_invalid_output"
    assert len(fake_openai.calls("chat")) == 2


def test_empty_transcript_is_no_speech_without_a_call(fake_openai, openai_settings):
    with pytest.raises(PermanentAIError) as error:
        analyzer(openai_settings).analyze(Transcript("", "es", 8.0))
    assert error.value.code == "no_speech"
    assert fake_openai.calls("chat") == []
