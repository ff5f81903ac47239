"""extract_audio stream-copies codecs Whisper accepts and transcodes the rest to small mono mp3."""

import pytest

from siete.media import NO_AUDIO_TRACK, MediaError, extract_audio, probe, run_ffmpeg
from tests.fakes.media import fixture_path


def test_aac_is_stream_copied_into_m4a(tmp_path):
    audio = extract_audio(fixture_path("good_service"), tmp_path)
    assert audio.path.suffix == ".m4a" and not audio.transcoded
    info = probe(audio.path)
    assert info.audio_codec == "aac" and not info.has_video
    assert info.duration == pytest.approx(probe(fixture_path("good_service")).duration, abs=0.1)
    assert audio.size_bytes < fixture_path("good_service").stat().st_size
    assert audio.duration == pytest.approx(info.duration, abs=0.1)  # read from ffmpeg's report, not probed


def test_audio_only_file_in_its_whisper_container_is_used_as_it_is(tmp_path):
    first_dir, again_dir = tmp_path / "a", tmp_path / "b"
    first_dir.mkdir(), again_dir.mkdir()
    first = extract_audio(fixture_path("good_service"), first_dir)
    again = extract_audio(first.path, again_dir)
    assert again.path == first.path and not again.transcoded
    assert list(again_dir.iterdir()) == []  # no ffmpeg run, nothing written


def test_codec_whisper_rejects_is_transcoded_to_16k_mono_mp3(tmp_path):
    pcm_video = tmp_path / "pcm.mov"
    run_ffmpeg(["-y", "-i", str(fixture_path("mixed_service")), "-c:v", "copy", "-c:a", "pcm_s16le", str(pcm_video)])
    out = tmp_path / "out"
    out.mkdir()
    audio = extract_audio(pcm_video, out)
    info = probe(audio.path)
    assert audio.transcoded and audio.path.suffix == ".mp3"
    assert info.audio_codec == "mp3" and info.audio_sample_rate == 16000
    assert audio.size_bytes < pcm_video.stat().st_size / 5
    assert audio.duration == pytest.approx(info.duration, abs=0.2)


def test_video_without_audio_track_fails_with_code(tmp_path):
    with pytest.raises(MediaError) as error:
        extract_audio(fixture_path("no_audio"), tmp_path)
    assert error.value.code == NO_AUDIO_TRACK
    assert list(tmp_path.iterdir()) == []
