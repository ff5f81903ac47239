"""Fixtures for the AI engine tests: the fake OpenAI server and the fixtures' local transcripts."""

import importlib.util

import pytest

from siete.ai.local_model import resolve_model
from tests.fakes.media import MEDIA_DIR, SPEECH_FIXTURES, fixture_path
from tests.fakes.openai_server import FakeOpenAI, fixture_scripts


@pytest.fixture
def fake_openai():
    """A fresh fake server that knows the fixtures' dialogues."""
    with FakeOpenAI(scripts=fixture_scripts(MEDIA_DIR / "expectations.json")) as fake:
        yield fake


@pytest.fixture
def openai_settings(fake_openai):
    """Settings pointing the real SDK at the fake, with quick backoff."""
    return {"api_key": fake_openai.api_key, "base_url": fake_openai.base_url, "backoff_base": 0.01,
            "backoff_max": 0.05}


def local_asr_missing() -> str | None:
    """Why local transcription cannot run here, or None."""
    if importlib.util.find_spec("faster_whisper") is None:
        return "faster-whisper is not installed (extra local-asr)"
    if resolve_model() is None:
        return "no local Whisper model (run scripts/setup_local_asr.sh)"
    return None


requires_local_asr = pytest.mark.skipif(local_asr_missing() is not None, reason=str(local_asr_missing()))


@pytest.fixture(scope="session")
def local_transcripts():
    """Local transcripts of the speech fixtures, made once per session."""
    if reason := local_asr_missing():
        pytest.skip(reason)
    from siete.ai.transcribers import get_transcriber

    transcriber = get_transcriber("local")
    return {name: transcriber.transcribe(fixture_path(name)) for name in SPEECH_FIXTURES}
