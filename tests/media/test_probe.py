"""probe reads duration and audio facts from the header, and names unreadable files clearly."""

import subprocess

import pytest

from siete.media import NO_AUDIO_TRACK, UNREADABLE_MEDIA, MediaError, ffmpeg_exe, probe, run_ffmpeg
from tests.fakes.media import expectations, fixture_path


@pytest.mark.parametrize("name", ["good_service", "poor_service", "mixed_service", "silent"])
def test_probe_reports_duration_and_aac_audio(name):
    info = probe(fixture_path(name))
    assert info.duration == pytest.approx(expectations()[name]["duration"], abs=0.05)
    assert info.has_audio and info.audio_codec == "aac"
    assert info.audio_sample_rate == 16000
    assert info.has_video
    assert info.size_bytes == fixture_path(name).stat().st_size


def test_probe_of_video_without_audio_says_so():
    info = probe(fixture_path("no_audio"))
    assert not info.has_audio and info.audio_codec is None
    assert info.duration == pytest.approx(6.0, abs=0.05)


def test_probe_of_garbage_is_unreadable(tmp_path):
    bogus = tmp_path / "clip.mp4"
    bogus.write_bytes(b"this is not a video" * 100)
    with pytest.raises(MediaError) as error:
        probe(bogus)
    assert error.value.code == UNREADABLE_MEDIA and not error.value.transient


def test_probe_of_truncated_mp4_is_unreadable(tmp_path):
    truncated = tmp_path / "cut.mp4"
    truncated.write_bytes(fixture_path("good_service").read_bytes()[:600])
    with pytest.raises(MediaError) as error:
        probe(truncated)
    assert error.value.code == UNREADABLE_MEDIA


def test_probe_of_missing_file_is_unreadable(tmp_path):
    with pytest.raises(MediaError) as error:
        probe(tmp_path / "nope.mp4")
    assert error.value.code == UNREADABLE_MEDIA


def test_probe_finds_duration_of_webm_streamed_without_one(tmp_path):
    recording = tmp_path / "browser.webm"  # what MediaRecorder uploads: no duration in the header
    with recording.open("wb") as out:
        subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(fixture_path("mixed_service")), "-c:v", "libvpx",
                        "-c:a", "libopus", "-f", "webm", "pipe:1"], stdout=out, check=True)
    assert "Duration: N/A" in run_ffmpeg(["-i", str(recording)], check=False)
    info = probe(recording)
    assert info.audio_codec == "opus"
    assert info.duration == pytest.approx(expectations()["mixed_service"]["duration"], abs=0.1)


def test_probe_does_not_trust_a_duration_guessed_from_bitrate(tmp_path):
    raw = tmp_path / "raw.aac"
    run_ffmpeg(["-y", "-i", str(fixture_path("mixed_service")), "-map", "0:a", "-c", "copy", "-f", "adts", str(raw)])
    assert probe(raw).duration == pytest.approx(expectations()["mixed_service"]["duration"], abs=0.1)


def test_error_codes_are_stable():
    assert (NO_AUDIO_TRACK, UNREADABLE_MEDIA) == ("no_audio_track", "unreadable_media")
