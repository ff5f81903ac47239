"""The same chain with the OpenAI providers, through the real SDK, against the fake OpenAI server."""
import pytest

from siete.ai import validate_operative_view
from siete.evaluations.messages import message_for
from tests.factories import CompanyVocabularyFactory
from tests.fakes.media import expectations
from tests.fakes.openai_server import Fault, FakeOpenAI, fixture_scripts
from tests.pipeline.helpers import analyses_of, notifications_of, submit, tenant

pytestmark = pytest.mark.slow


@pytest.fixture
def fake_openai():
    from tests.fakes.media import MEDIA_DIR

    with FakeOpenAI(scripts=fixture_scripts(MEDIA_DIR / "expectations.json")) as fake:
        yield fake


def _openai_env(fake):
    return {"TRANSCRIBER": "openai", "ANALYZER": "openai", "OPENAI_BASE_URL": fake.base_url,
            "OPENAI_API_KEY": fake.api_key}


def test_openai_providers_complete_the_chain_through_transient_faults(e2e, fake_openai):
    world = tenant()
    CompanyVocabularyFactory(company=world["company"], terms=["Cuenta Nómina Plus"])
    fake_openai.queue("transcriptions", "rate_limit", "server_error")
    fake_openai.queue("chat", Fault("timeout", delay=6), "unavailable")
    evaluation_id = submit(world, "good_service")
    with e2e.worker(concurrency=2, **_openai_env(fake_openai)):
        evaluation = e2e.wait_settled([evaluation_id])[evaluation_id]
    assert evaluation.status == "completed", (evaluation.error_code, evaluation.error_message)
    [analysis] = analyses_of(evaluation_id)
    validate_operative_view(analysis.operative_view)
    assert (analysis.provider, analysis.transcriber) == ("openai", "openai")
    assert analysis.prompt_tokens and analysis.completion_tokens
    transcribe_calls = fake_openai.calls("transcriptions")
    assert [c.status for c in transcribe_calls][:2] == [429, 500] and transcribe_calls[-1].status == 200
    names = f"Banco Demo, Sucursales Q4, {world['zone'].name}, Cuenta Nómina Plus, {world['zone'].city}."
    assert {c.fields.get("prompt") for c in transcribe_calls} == {names}  # the evaluation's vocabulary
    assert any(phrase.lower() in analysis.transcript_text.lower()
               for phrase in expectations()["good_service"]["key_phrases"])
    assert notifications_of(evaluation_id)[("evaluation.completed", world["shopper"].id)] == 1


def test_persistent_provider_failure_fails_with_a_reason(e2e, fake_openai):
    world = tenant()
    fake_openai.queue("chat", *["server_error"] * 20)
    evaluation_id = submit(world, "mixed_service")
    with e2e.worker(concurrency=1, **_openai_env(fake_openai)):
        evaluation = e2e.wait_settled([evaluation_id])[evaluation_id]
    assert (evaluation.status, evaluation.error_code) == ("failed", "ai_unavailable")
    assert evaluation.error_message == message_for("ai_unavailable", "es")  # the attempts are in the log
    assert len(fake_openai.calls("chat")) == 4
    [analysis] = analyses_of(evaluation_id)
    assert analysis.transcript is not None and analysis.operative_view is None
    assert notifications_of(evaluation_id) == {("evaluation.failed", world["shopper"].id): 1}


def test_exhausted_quota_is_not_retried(e2e, fake_openai):
    world = tenant()
    fake_openai.queue("chat", "insufficient_quota")
    evaluation_id = submit(world, "good_service")
    with e2e.worker(concurrency=1, **_openai_env(fake_openai)):
        evaluation = e2e.wait_settled([evaluation_id])[evaluation_id]
    assert (evaluation.status, evaluation.error_code) == ("failed", "ai_quota_exceeded")
    assert len(fake_openai.calls("chat")) == 1
