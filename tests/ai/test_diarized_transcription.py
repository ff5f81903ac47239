"""gpt-4o-transcribe-diarize through the real SDK against the fake: speakers per segment, roles from content."""

import openai
import pytest

from siete.ai import get_transcriber
from siete.ai.diarization import diarize
from tests.fakes.media import expectations, fixture_path

MODEL = "gpt-4o-transcribe-diarize"


def test_diarized_json_gives_speakers_that_become_roles(fake_openai, openai_settings):
    transcriber = get_transcriber("openai", **openai_settings, model=MODEL, prompt="Siete CX, Telecom Siete")
    transcript = transcriber.transcribe(fixture_path("poor_service"))
    script = expectations()["poor_service"]["script"]
    assert [s.text for s in transcript.segments] == [line["texto"] for line in script]
    assert [s.speaker for s in transcript.segments] == ["A", "B"] * 4  # the customer speaks first here
    [call] = fake_openai.calls("transcriptions")
    assert call.fields["response_format"] == "diarized_json" and call.fields["chunking_strategy"] == "auto"
    assert "prompt" not in call.fields  # the diarizing model takes none
    roles = [s.role for s in diarize(fixture_path("poor_service"), transcript).segments]
    assert roles == [line["rol"] for line in script]  # speakers kept, no acoustic pass needed


def test_the_fake_refuses_a_long_diarization_without_chunking_strategy(fake_openai):
    client = openai.OpenAI(api_key=fake_openai.api_key, base_url=fake_openai.base_url, max_retries=0)
    with fixture_path("good_service").open("rb") as audio, pytest.raises(openai.BadRequestError) as error:
        client.audio.transcriptions.create(file=audio, model=MODEL, response_format="diarized_json")
    assert "chunking_strategy" in str(error.value)


def test_the_fake_refuses_a_prompt_for_the_diarizing_model(fake_openai):
    client = openai.OpenAI(api_key=fake_openai.api_key, base_url=fake_openai.base_url, max_retries=0)
    with fixture_path("good_service").open("rb") as audio, pytest.raises(openai.BadRequestError):
        client.audio.transcriptions.create(file=audio, model=MODEL, response_format="diarized_json",
                                           chunking_strategy="auto", prompt="Telecom Siete")


def test_whisper_1_transcripts_get_speakers_from_the_local_voice_clustering(fake_openai, openai_settings):
    transcript = get_transcriber("openai", **openai_settings).transcribe(fixture_path("good_service"))
    assert not any(s.speaker for s in transcript.segments)
    diarized = diarize(fixture_path("good_service"), transcript)
    assert [s.role for s in diarized.segments] == [line["rol"] for line in expectations()["good_service"]["script"]]
    assert len({s.speaker for s in diarized.segments}) == 2
