"""Bad media through the real pipeline: each real file ends with its outcome and code, and the shopper reads why
in Spanish (English when the API is asked for it), never ffmpeg's words or a storage name."""
import subprocess

import pytest

from siete.evaluations.messages import message_for
from siete.media import ffmpeg_exe
from tests.factories import auth_headers
from tests.fakes.media import fixture_path
from tests.pipeline.helpers import analyses_of, notifications_of, patient, submit, tenant

pytestmark = pytest.mark.slow


def _ffmpeg(*args):
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", *args], check=True, timeout=120)


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    """Real files made from the fixtures with the bundled ffmpeg: name -> bytes."""
    work = tmp_path_factory.mktemp("gate")
    good = fixture_path("good_service")
    _ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=20", "-f", "lavfi", "-i",
            "color=c=black:s=160x90:r=10:d=20", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac",
            "-shortest", "-movflags", "+faststart", str(work / "tone.mp4"))
    _ffmpeg("-i", str(good), "-t", "0.5", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac",
            "-movflags", "+faststart", str(work / "clip.mp4"))
    _ffmpeg("-i", str(good), "-t", "3", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac",
            "-movflags", "+faststart", str(work / "greeting.mp4"))
    _ffmpeg("-i", str(good), "-filter_complex", "[0:a]atrim=0:44[a]", "-map", "0:v", "-map", "[a]", "-c:v", "copy",
            "-c:a", "aac", "-movflags", "+faststart", str(work / "short_audio.mp4"))
    whole = good.read_bytes()
    return {"silent": fixture_path("silent").read_bytes(), "no audio track": fixture_path("no_audio").read_bytes(),
            "not a video": b"this is a text file, not a video" * 100, "truncated": whole[:len(whole) * 6 // 10],
            "empty": b"", "tone only": (work / "tone.mp4").read_bytes(), "0.5 s clip": (work / "clip.mp4").read_bytes(),
            "3 s greeting": (work / "greeting.mp4").read_bytes(), "audio shorter than video": (work / "short_audio.mp4").read_bytes()}


EXPECTED = {  # name: (status, error_code)
    "silent": ("failed", "no_speech"),
    "no audio track": ("failed", "no_audio_track"),
    "not a video": ("failed", "unreadable_media"),
    "truncated": ("failed", "truncated_media"),
    "empty": ("failed", "unreadable_media"),
    "tone only": ("failed", "no_speech"),
    "0.5 s clip": ("failed", "no_speech"),  # nothing recognisable at all
    "3 s greeting": ("failed", "too_little_speech"),  # "Buenas tardes, bienvenidos…": words, but too few
    "audio shorter than video": ("completed", None),
}


def test_bad_media_ends_with_its_outcome_code_and_a_spanish_message(e2e, media):
    world = tenant()
    ids = {name: submit(world, payload=payload, name=f"{index}.mp4")
           for index, (name, payload) in enumerate(media.items())}
    with e2e.worker(concurrency=2):
        rows = e2e.wait_settled(list(ids.values()), timeout=patient(240))
    outcomes = {name: (rows[i].status, rows[i].error_code) for name, i in ids.items()}
    assert outcomes == EXPECTED
    client = e2e.app.test_client()
    headers = auth_headers(world["shopper"])
    for name, evaluation_id in ids.items():
        status, code = EXPECTED[name]
        if status == "completed":
            assert len(analyses_of(evaluation_id)) == 1
            continue
        spanish = message_for(code, "es")
        assert rows[evaluation_id].error_message == spanish
        assert notifications_of(evaluation_id) == {("evaluation.failed", world["shopper"].id): 1}
        shown = client.get(f"/api/v1/evaluations/{evaluation_id}", headers=headers).get_json()
        assert shown["error_message"] == spanish
        english = client.get(f"/api/v1/evaluations/{evaluation_id}",
                             headers={**headers, "Accept-Language": "en"}).get_json()
        assert english["error_message"] == message_for(code, "en") != spanish
        for text in (spanish, english["error_message"]):
            assert "ffmpeg" not in text.lower() and ".mp4" not in text and "companies/" not in text
