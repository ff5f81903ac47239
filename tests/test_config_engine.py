"""Config is the only source of settings: every key the AI engine reads is a Config attribute taken from the
environment, and what the environment says reaches an analysis run through the real app config."""
import pytest

from siete import create_app
from siete.ai import Segment, Transcript, analyzer_from_config
from siete.ai.settings import ANALYZER_KEYS, TRANSCRIBER_KEYS
from siete.config import Config, TestConfig
from tests.fakes.openai_server import FakeOpenAI

ENGINE_KEYS = sorted({key for table in (TRANSCRIBER_KEYS, ANALYZER_KEYS) for keys in table.values() for key in keys})


@pytest.mark.parametrize("key", ENGINE_KEYS)
def test_every_engine_key_is_a_config_attribute_read_from_the_environment(key, monkeypatch):
    value = "7" if key.endswith(("BYTES", "RETRIES", "THREADS", "SIZE", "TIMEOUT")) else "from-the-environment"
    monkeypatch.setenv(key, value)
    assert str(getattr(Config(), key)).rstrip("0").rstrip(".") == value


def test_the_analysis_model_from_the_environment_is_the_one_an_analysis_records(monkeypatch):
    with FakeOpenAI() as fake:
        monkeypatch.setenv("ANALYZER", "openai")
        monkeypatch.setenv("OPENAI_API_KEY", fake.api_key)
        monkeypatch.setenv("OPENAI_BASE_URL", fake.base_url)
        monkeypatch.setenv("OPENAI_ANALYSIS_MODEL", "gpt-4o-mini")
        app = create_app(TestConfig())
        transcript = Transcript.from_segments([
            Segment(0.5, 5.0, "Buenas tardes, bienvenido, mi nombre es Laura."),
            Segment(5.5, 9.0, "Gracias, vengo a pagar mi factura."),
        ], "es", 10.0)
        with app.app_context():
            result = analyzer_from_config(app.config).analyze(transcript)
        [call] = fake.calls("chat")
    assert call.fields["model"] == "gpt-4o-mini"
    assert result.model == "gpt-4o-mini"
