"""Providers are chosen by name and configured from a flat mapping such as the Flask config."""

import pytest

from siete.ai import (
    PermanentAIError,
    analyzer_from_config,
    get_analyzer,
    get_transcriber,
    transcriber_from_config,
)
from siete.ai.analyzers import HeuristicAnalyzer, OpenAIAnalyzer
from siete.ai.transcribers import LocalTranscriber, OpenAITranscriber


def test_defaults_are_offline():
    assert isinstance(transcriber_from_config({}), LocalTranscriber)
    assert isinstance(analyzer_from_config({}), HeuristicAnalyzer)


def test_openai_settings_come_from_config(fake_openai):
    config = {"TRANSCRIBER": "openai", "ANALYZER": "openai", "OPENAI_API_KEY": fake_openai.api_key,
              "OPENAI_BASE_URL": fake_openai.base_url, "OPENAI_TIMEOUT": "42", "OPENAI_MAX_RETRIES": "1",
              "OPENAI_TRANSCRIBE_MODEL": "gpt-4o-transcribe", "OPENAI_ANALYSIS_MODEL": "gpt-4o-mini",
              "LOCAL_WHISPER_MODEL": ""}
    transcriber, analyzer = transcriber_from_config(config), analyzer_from_config(config)
    assert isinstance(transcriber, OpenAITranscriber) and isinstance(analyzer, OpenAIAnalyzer)
    assert transcriber.model == "gpt-4o-transcribe" and analyzer.model == "gpt-4o-mini"
    assert transcriber.max_retries == analyzer.max_retries == 1
    assert analyzer.client.timeout == 42.0 and analyzer.client.max_retries == 0  # retries are ours
    assert str(analyzer.client.base_url).rstrip("/") == fake_openai.base_url


def test_one_sdk_client_is_shared_per_settings_because_building_one_is_costly(fake_openai):
    from siete.ai.openai_client import make_client

    settings = {"api_key": fake_openai.api_key, "base_url": fake_openai.base_url, "timeout": 30.0}
    assert make_client(**settings) is make_client(**settings)
    assert make_client(**settings) is not make_client(**{**settings, "timeout": 31.0})
    assert make_client(**settings) is not make_client(**{**settings, "base_url": fake_openai.base_url + "/other"})


def test_local_model_setting_is_passed_through():
    assert transcriber_from_config({"LOCAL_WHISPER_MODEL": "/models/x"}).model_ref == "/models/x"


@pytest.mark.parametrize("build", [lambda: get_transcriber("azure"), lambda: get_analyzer("claude")])
def test_unknown_provider_is_a_configuration_error(build):
    with pytest.raises(PermanentAIError) as error:
        build()
    assert error.value.code == "ai_not_configured"


def test_openai_without_api_key_is_an_auth_error(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(PermanentAIError) as error:
        get_analyzer("openai")
    assert error.value.code == "ai_auth_failed"
