"""faster-whisper on the committed Spanish fixtures: the words come out, silence and missing audio fail clearly."""

import re
from difflib import SequenceMatcher

import pytest

from siete.ai import PermanentAIError, get_transcriber
from siete.ai.text import normalize
from siete.media import NO_AUDIO_TRACK, MediaError
from tests.ai.conftest import requires_local_asr
from tests.fakes.media import SPEECH_FIXTURES, expectations, fixture_path


def spoken(phrase: str, text: str, threshold: float = 0.75) -> bool:
    """Is phrase (nearly) in text? Compares against every window of as many words, ignoring accents."""
    wanted, words = normalize(phrase), normalize(re.sub(r"\d+", " ", text)).split()
    size = len(wanted.split())
    windows = (" ".join(words[i:i + size]) for i in range(max(1, len(words) - size + 1)))
    return max(SequenceMatcher(None, wanted, window).ratio() for window in windows) >= threshold


@pytest.mark.parametrize("name", SPEECH_FIXTURES)
def test_transcript_contains_the_key_phrases(local_transcripts, name):
    transcript = local_transcripts[name]
    missing = [p for p in expectations()[name]["key_phrases"] if not spoken(p, transcript.text)]
    assert missing == [], transcript.text


@pytest.mark.parametrize("name", SPEECH_FIXTURES)
def test_segments_are_timed_within_the_recording(local_transcripts, name):
    transcript = local_transcripts[name]
    assert transcript.language == "es"
    assert transcript.duration == pytest.approx(expectations()[name]["duration"], abs=0.1)
    assert len(transcript.segments) >= 4
    assert all(0 <= s.start <= s.end <= transcript.duration + 0.5 for s in transcript.segments)
    assert all(a.start <= b.start for a, b in zip(transcript.segments, transcript.segments[1:]))
    first_line = expectations()[name]["script"][0]
    assert transcript.segments[0].start == pytest.approx(first_line["inicio"], abs=1.5)


@requires_local_asr
def test_silence_is_no_speech():
    with pytest.raises(PermanentAIError) as error:
        get_transcriber("local").transcribe(fixture_path("silent"))
    assert error.value.code == "no_speech"


@requires_local_asr
def test_video_without_audio_track_is_reported():
    with pytest.raises(MediaError) as error:
        get_transcriber("local").transcribe(fixture_path("no_audio"))
    assert error.value.code == NO_AUDIO_TRACK


def test_missing_model_directory_is_a_configuration_error(tmp_path):
    with pytest.raises(PermanentAIError) as error:
        get_transcriber("local", model=str(tmp_path / "nothing-here")).transcribe(fixture_path("good_service"))
    assert error.value.code == "ai_not_configured"
