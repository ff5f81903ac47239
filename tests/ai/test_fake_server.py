"""The fake OpenAI server refuses what the real API refuses, so tests against it mean something."""

import openai
import pytest

from siete.ai.json_schema import response_format
from siete.media import run_ffmpeg
from tests.fakes.media import fixture_path


@pytest.fixture
def client(fake_openai):
    return openai.OpenAI(api_key=fake_openai.api_key, base_url=fake_openai.base_url, max_retries=0, timeout=10)


def test_non_strict_schema_is_rejected_like_openai_does(client):
    schema = response_format()
    schema["json_schema"]["schema"]["additionalProperties"] = True
    with pytest.raises(openai.BadRequestError, match="additionalProperties"):
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hola"}],
                                       response_format=schema)


def test_verbose_json_is_refused_for_gpt_4o_transcribe(client):
    with fixture_path("good_service").open("rb") as handle, pytest.raises(openai.BadRequestError):
        client.audio.transcriptions.create(model="gpt-4o-transcribe", file=handle, response_format="verbose_json")


def test_uploads_over_the_limit_are_refused(client, fake_openai):
    fake_openai.max_upload_bytes = 1000
    with fixture_path("good_service").open("rb") as handle, pytest.raises(openai.APIStatusError) as error:
        client.audio.transcriptions.create(model="whisper-1", file=handle)
    assert error.value.status_code == 413


def test_audio_matching_a_registered_script_gets_that_script(client):
    with fixture_path("good_service").open("rb") as handle:
        answer = client.audio.transcriptions.create(model="whisper-1", file=handle, response_format="verbose_json")
    assert answer.segments[0].text.startswith("Buenas tardes")
    assert answer.duration == pytest.approx(49.9, abs=0.1)


def test_other_audio_gets_generic_segments_spanning_it(client, tmp_path):
    cut = tmp_path / "cut.m4a"
    run_ffmpeg(["-i", str(fixture_path("good_service")), "-t", "10", "-vn", "-c:a", "copy", str(cut)])
    with cut.open("rb") as handle:
        answer = client.audio.transcriptions.create(model="whisper-1", file=handle, response_format="verbose_json")
    assert answer.segments[0].start == 0 and answer.segments[-1].end == pytest.approx(10.0, abs=0.1)
    assert all(s.text.startswith("Texto de prueba") for s in answer.segments)


def test_queued_faults_are_used_in_order_then_normal_service_resumes(client, fake_openai):
    fake_openai.queue("chat", "server_error", "rate_limit")
    statuses = []
    for _ in range(3):
        try:
            client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hola"}])
            statuses.append(200)
        except openai.APIStatusError as exc:
            statuses.append(exc.status_code)
    assert statuses == [500, 429, 200]
    assert fake_openai.pending_faults("chat") == 0
