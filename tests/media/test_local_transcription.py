"""Local transcription decodes one time window at a time and says plainly when its extra is not installed."""
import sys

import pytest

from siete.ai.errors import AI_NOT_CONFIGURED, PermanentAIError
from siete.ai.local_model import resolve_model
from siete.ai.transcribers.local_whisper import LocalTranscriber
from siete.media import read_pcm
from tests.fakes.media import fixture_path

needs_model = pytest.mark.skipif(resolve_model() is None, reason="no local Whisper model (python -m siete.ai.model_setup)")


def test_a_window_is_decoded_alone_as_16_khz_mono_pcm():
    pcm = read_pcm(fixture_path("good_service"), 10.0, 2.5)
    assert len(pcm) == int(2.5 * 16000) * 2


def test_without_the_local_asr_extra_transcription_is_ai_not_configured(monkeypatch):
    """faster-whisper and its decoder missing (no `local-asr` extra): a configuration fault, not an internal error."""
    for name in ("faster_whisper", "av"):
        monkeypatch.setitem(sys.modules, name, None)  # import raises ImportError, as when not installed
    with pytest.raises(PermanentAIError) as raised:
        LocalTranscriber(model="base").transcribe(fixture_path("good_service"))
    assert raised.value.code == AI_NOT_CONFIGURED


@needs_model
@pytest.mark.slow
def test_windows_are_stitched_into_one_timeline_covering_the_recording():
    transcriber = LocalTranscriber(window_seconds=20.0, overlap_seconds=4.0)  # the 50 s fixture: three windows
    transcript = transcriber.transcribe(fixture_path("good_service"))
    starts = [segment.start for segment in transcript.segments]
    assert starts == sorted(starts)
    assert transcript.segments[-1].end > 40  # the last window was heard
    text = transcript.text.lower()
    assert "laura" in text and "promoción" in text and "visita" in text  # beginning, middle and end
    assert transcript.duration == pytest.approx(49.9, abs=0.5)
