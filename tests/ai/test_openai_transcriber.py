"""The Whisper API transcriber, through the real openai SDK against the fake server, faults included."""

import tempfile
from itertools import pairwise

import pytest

from siete.ai import PermanentAIError, TransientAIError, get_transcriber
from siete.media import NO_AUDIO_TRACK, MediaError, extract_audio, probe, run_ffmpeg
from tests.fakes.media import expectations, fixture_path
from tests.fakes.openai_server import API_LIMIT_BYTES, Fault


@pytest.fixture
def temp_root(tmp_path, monkeypatch):
    """Route tempfile into a directory the test can inspect afterwards."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def transcriber(settings, **overrides):
    return get_transcriber("openai", **{**settings, "max_retries": 2, "timeout": 10.0, **overrides})


def test_whisper_1_returns_timed_segments_in_spanish(fake_openai, openai_settings, temp_root):
    transcript = transcriber(openai_settings).transcribe(fixture_path("good_service"))
    script = expectations()["good_service"]["script"]
    assert [s.text for s in transcript.segments] == [line["texto"] for line in script]
    assert transcript.segments[0].start == pytest.approx(script[0]["inicio"])
    assert transcript.language == "es"
    assert transcript.duration == pytest.approx(expectations()["good_service"]["duration"], abs=0.05)
    [call] = fake_openai.calls("transcriptions")
    assert call.fields["model"] == "whisper-1" and call.fields["response_format"] == "verbose_json"
    assert call.fields["language"] == "es"
    assert call.file_name.endswith(".m4a")  # aac stream copied, not re-encoded
    assert call.file_size == extract_audio(fixture_path("good_service"), temp_root).size_bytes
    assert list(temp_root.iterdir()) == [next(temp_root.iterdir())]  # only the copy made just above


def test_gpt_4o_transcribe_gives_text_as_one_segment(fake_openai, openai_settings):
    transcript = transcriber(openai_settings, model="gpt-4o-transcribe").transcribe(fixture_path("mixed_service"))
    assert len(transcript.segments) == 1
    assert transcript.segments[0].start == 0.0
    assert transcript.segments[0].end == pytest.approx(transcript.duration)
    assert "descuento" in transcript.text
    assert fake_openai.calls("transcriptions")[0].fields["response_format"] == "json"


def test_rate_limit_is_retried_and_the_whole_file_resent(fake_openai, openai_settings):
    fake_openai.queue("transcriptions", "rate_limit")
    transcript = transcriber(openai_settings).transcribe(fixture_path("poor_service"))
    assert not transcript.is_empty
    first, second = fake_openai.calls("transcriptions")
    assert (first.status, second.status) == (429, 200)
    assert first.file_size == second.file_size > 0


def test_insufficient_quota_is_permanent_and_not_retried(fake_openai, openai_settings):
    fake_openai.queue("transcriptions", "insufficient_quota")
    with pytest.raises(PermanentAIError) as error:
        transcriber(openai_settings).transcribe(fixture_path("poor_service"))
    assert error.value.code == "ai_quota_exceeded"
    assert len(fake_openai.calls("transcriptions")) == 1


def test_server_errors_beyond_the_retries_are_transient(fake_openai, openai_settings):
    fake_openai.queue("transcriptions", "server_error", "unavailable", "server_error")
    with pytest.raises(TransientAIError) as error:
        transcriber(openai_settings, max_retries=2).transcribe(fixture_path("poor_service"))
    assert error.value.code == "ai_unavailable"
    assert len(fake_openai.calls("transcriptions")) == 3


def test_slow_answer_past_the_client_timeout_is_a_transient_timeout(fake_openai, openai_settings):
    fake_openai.queue("transcriptions", Fault("timeout", delay=5))
    with pytest.raises(TransientAIError) as error:
        transcriber(openai_settings, timeout=0.5, max_retries=0).transcribe(fixture_path("poor_service"))
    assert error.value.code == "ai_timeout"


def test_one_timeout_then_an_answer_succeeds(fake_openai, openai_settings):
    fake_openai.queue("transcriptions", Fault("timeout", delay=8))
    transcript = transcriber(openai_settings, timeout=3, max_retries=1).transcribe(fixture_path("poor_service"))
    assert "competencia" in transcript.text


def test_dropped_connection_is_transient(fake_openai, openai_settings):
    fake_openai.queue("transcriptions", "disconnect")
    with pytest.raises(TransientAIError) as error:
        transcriber(openai_settings, max_retries=0).transcribe(fixture_path("poor_service"))
    assert error.value.code == "ai_unavailable"


def test_bad_api_key_is_permanent(fake_openai, openai_settings):
    with pytest.raises(PermanentAIError) as error:
        transcriber({**openai_settings, "api_key": "sk-wrong"}).transcribe(fixture_path("poor_service"))
    assert error.value.code == "ai_auth_failed"
    assert len(fake_openai.calls("transcriptions")) == 0  # refused before being recorded as a call


def test_audio_over_the_upload_limit_is_chunked_and_stitched(fake_openai, openai_settings, temp_root):
    limit = 40_000
    fake_openai.max_upload_bytes = limit  # the fake refuses anything larger, like the API does at 25 MB
    transcript = transcriber(openai_settings, max_upload_bytes=limit).transcribe(fixture_path("good_service"))
    calls = fake_openai.calls("transcriptions")
    assert len(calls) >= 4 and all(c.status == 200 and c.file_size <= limit for c in calls)
    segments = transcript.segments
    assert segments[0].start == pytest.approx(0.0, abs=0.5)
    assert segments[-1].end == pytest.approx(transcript.duration, abs=0.5)
    assert all(s.start <= s.end for s in segments)
    assert all(a.start <= b.start and a.end <= b.start + 1e-6 for a, b in pairwise(segments))
    assert sum(s.end - s.start for s in segments) == pytest.approx(transcript.duration, abs=1.0)
    assert list(temp_root.iterdir()) == []


def test_chunked_text_only_model_covers_the_recording(fake_openai, openai_settings):
    transcript = transcriber(openai_settings, model="gpt-4o-transcribe", max_upload_bytes=60_000).transcribe(
        fixture_path("mixed_service"))
    calls = fake_openai.calls("transcriptions")
    assert len(calls) == len(transcript.segments) > 1
    assert transcript.segments[-1].end == pytest.approx(transcript.duration, abs=0.1)
    assert all(a.end == pytest.approx(b.start) for a, b in pairwise(transcript.segments))


def test_silent_recording_is_no_speech(fake_openai, openai_settings, temp_root):
    with pytest.raises(PermanentAIError) as error:
        transcriber(openai_settings).transcribe(fixture_path("silent"))
    assert error.value.code == "no_speech"
    assert list(temp_root.iterdir()) == []


def test_empty_text_from_the_api_is_no_speech(fake_openai, openai_settings):
    fake_openai.queue("transcriptions", "empty")
    with pytest.raises(PermanentAIError) as error:
        transcriber(openai_settings).transcribe(fixture_path("good_service"))
    assert error.value.code == "no_speech"


def test_video_without_audio_fails_before_any_upload(fake_openai, openai_settings):
    with pytest.raises(MediaError) as error:
        transcriber(openai_settings).transcribe(fixture_path("no_audio"))
    assert error.value.code == NO_AUDIO_TRACK
    assert fake_openai.calls("transcriptions") == []


def test_temp_files_are_removed_when_the_api_fails(fake_openai, openai_settings, temp_root):
    fake_openai.queue("transcriptions", "bad_request")
    with pytest.raises(PermanentAIError):
        transcriber(openai_settings, max_upload_bytes=60_000).transcribe(fixture_path("good_service"))
    assert list(temp_root.iterdir()) == []


def test_work_dir_setting_holds_the_temporary_audio(fake_openai, openai_settings, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    fake_openai.queue("transcriptions", Fault("timeout", delay=3))
    with pytest.raises(TransientAIError):
        transcriber(openai_settings, work_dir=str(work), timeout=0.5, max_retries=0).transcribe(
            fixture_path("poor_service"))
    assert list(work.iterdir()) == []  # used and cleaned (a stray file would show here)


def test_language_is_detected_when_not_forced(fake_openai, openai_settings):
    transcript = transcriber(openai_settings, language="").transcribe(fixture_path("mixed_service"))
    assert transcript.language == "es"
    assert "language" not in fake_openai.calls("transcriptions")[0].fields


@pytest.mark.slow
def test_two_hour_recording_is_uploaded_in_chunks_under_the_api_limit(fake_openai, openai_settings, tmp_path):
    speech = tmp_path / "speech.mp3"
    run_ffmpeg(["-i", str(fixture_path("poor_service")), "-vn", "-ac", "1", "-ar", "16000", "-c:a", "libmp3lame",
                "-b:a", "32k", str(speech)])
    long_recording = tmp_path / "two_hours.mp3"  # 32 kbps for 2 h: about 29 MB, over the 25 MB limit
    run_ffmpeg(["-stream_loop", "-1", "-i", str(speech), "-t", "7200", "-c", "copy", str(long_recording)])
    duration = probe(long_recording).duration
    assert long_recording.stat().st_size > API_LIMIT_BYTES and duration > 7150
    # The fake decodes each hour-long upload with ffmpeg; under a loaded CI that can pass the suite's 10 s
    # timeout, and the retries would then be counted as extra chunks. This test is about chunking, not timeouts.
    transcript = transcriber(openai_settings, timeout=180.0).transcribe(long_recording)
    calls = fake_openai.calls("transcriptions")
    assert len(calls) == 2 and all(c.status == 200 and c.file_size <= API_LIMIT_BYTES for c in calls)
    assert transcript.duration == pytest.approx(duration, abs=0.1)
    assert transcript.segments[-1].end == pytest.approx(duration, abs=1)
    assert all(a.start <= b.start and a.end <= b.start + 1e-6 for a, b in pairwise(transcript.segments))
