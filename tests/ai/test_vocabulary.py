"""The vocabulary reaches Whisper bounded and in priority order: faster-whisper's call, the API's request body,
and a real local transcription of a clip with names Whisper base mishears without it."""

import time
from itertools import pairwise

import pytest

from siete.ai import get_transcriber
from siete.ai.local_model import resolve_model
from siete.ai.text import normalize
from siete.ai.vocabulary import MAX_PROMPT_TOKENS, Vocabulary, estimated_tokens
from siete.vocabulary.schemas import MAX_TERM_CHARS, MAX_TERMS
from tests.ai.conftest import requires_local_asr
from tests.fakes.media import MEDIA_DIR, expectations, fixture_path

CLIP = MEDIA_DIR / "vocabulary_names.m4a"  # "Bienvenido a Farmacia Xiomí. Le recomiendo el jarabe Tusiquín Forte."
CLIP_NAMES = ("Farmacia Xiomí", "Tusiquín Forte")


def test_terms_keep_their_order_and_drop_blanks_and_repeats():
    vocabulary = Vocabulary.of(["Farmacia Carol", None, "  "], ["Naco", "farmacia  carol", "Redoxon, "])
    assert vocabulary.terms == ("Farmacia Carol", "Naco", "Redoxon")
    assert vocabulary.prompt() == "Farmacia Carol, Naco, Redoxon."
    assert not Vocabulary.of([None, ""]) and Vocabulary.of([None]).prompt() == ""


def test_the_prompt_keeps_whole_terms_within_the_estimated_token_budget():
    terms = [f"Producto {'x' * 30} {n:02d}" for n in range(40)]
    prompt = Vocabulary.of(terms).prompt()
    assert estimated_tokens(" " + prompt) <= MAX_PROMPT_TOKENS
    kept = prompt.rstrip(".").split(", ")
    assert kept == terms[:len(kept)] and 5 < len(kept) < len(terms)  # the first ones, none cut in the middle
    assert Vocabulary.of(terms).prompt() == prompt  # deterministic


def test_a_term_too_long_for_the_rest_of_the_budget_leaves_room_for_shorter_later_ones():
    prompt = Vocabulary.of(["A" * 250, "B" * 100, "Corto"]).prompt()
    assert prompt == f"{'A' * 250}, Corto."


def test_a_token_counter_tightens_the_bound():
    prompt = Vocabulary.of(["uno dos", "tres cuatro", "cinco seis"]).prompt(count_tokens=lambda t: len(t.split()),
                                                                           max_tokens=4)
    assert prompt == "uno dos, tres cuatro."


@pytest.mark.skipif(resolve_model() is None, reason="no local Whisper model (its tokenizer.json is used)")
def test_the_estimate_bounds_whispers_real_token_count_for_the_vocabularies_an_admin_can_store():
    """The API transcriber has no tokenizer: the estimate alone must keep the prompt within Whisper's limit, even
    for token-hungry names (accents, capitals, digits, random letters)."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(f"{resolve_model()}/tokenizer.json")
    kinds = {
        "hungry": [f"ÑÚ{n}Q-ZX Ýwë{n} Çhøß Wäsçãr Ñáñez {n}"[:MAX_TERM_CHARS] for n in range(MAX_TERMS)],
        "accents": [" ".join("ñáéíóúüÑÁÉÍÓÚÜçã"[(n + i) % 16] for i in range(20)) for n in range(MAX_TERMS)],
        "acronyms": [f"BHD-{n} APAP XJ{n * 37} QZX WRTP {n}" for n in range(MAX_TERMS)],
        "names": [f"{w} {n}" for n, w in enumerate(["Farmacia Los Hidalgos", "Supermercados Nacional",
                                                    "Acetaminofén Forte", "Yokasta", "Wáscar Ñáñez"] * 10)],
    }
    for kind, terms in kinds.items():
        prompt = Vocabulary.of(terms).prompt()
        real = len(tokenizer.encode(" " + prompt, add_special_tokens=False).ids)
        assert real <= MAX_PROMPT_TOKENS, kind
        assert real <= estimated_tokens(" " + prompt), kind
        assert len(prompt.split(", ")) >= 3, kind  # not bounded to uselessness


@pytest.fixture
def recorded_local_calls(monkeypatch):
    """The keyword arguments of every call into the real faster-whisper model (which still runs)."""
    transcriber = get_transcriber("local")
    model = transcriber._model()
    calls, real = [], model.transcribe

    def recording(audio, **kwargs):
        calls.append(kwargs)
        return real(audio, **kwargs)

    monkeypatch.setattr(model, "transcribe", recording)
    return calls


@requires_local_asr
@pytest.mark.parametrize("mode,keyword", [("hotwords", "hotwords"), ("prompt", "initial_prompt")])
def test_the_vocabulary_reaches_faster_whispers_call(recorded_local_calls, mode, keyword):
    vocabulary = Vocabulary.of(["Telecom Siete", "Plan Cien Megas"])
    get_transcriber("local", vocabulary_mode=mode).transcribe(CLIP, vocabulary)
    [call] = recorded_local_calls
    assert call[keyword] == "Telecom Siete, Plan Cien Megas."
    [other] = {"hotwords", "initial_prompt"} - {keyword}
    assert other not in call and call["word_timestamps"] is True  # segments are cut at the words' pauses


@requires_local_asr
@pytest.mark.parametrize("mode,vocabulary", [("off", Vocabulary.of(["Telecom Siete"])), ("hotwords", None),
                                             ("hotwords", Vocabulary()), (None, Vocabulary.of(["Telecom Siete"]))])
def test_no_vocabulary_or_mode_off_passes_no_hint(recorded_local_calls, mode, vocabulary):
    """None: the default setting, off (see bench/RESULTS.md)."""
    get_transcriber("local", **({"vocabulary_mode": mode} if mode else {})).transcribe(CLIP, vocabulary)
    [call] = recorded_local_calls
    assert "hotwords" not in call and "initial_prompt" not in call


@pytest.mark.slow  # about 10 s: a 35-s dialogue decoded with word timestamps
@requires_local_asr
def test_hinted_transcripts_still_have_a_segment_for_every_turn():
    """A prompt makes Whisper write fewer timestamps; cut at pauses, each turn still starts a segment."""
    transcript = get_transcriber("local", vocabulary_mode="hotwords").transcribe(
        fixture_path("good_service"), Vocabulary.of(["Telecom Siete"]))
    starts = [s.start for s in transcript.segments]
    assert all(a <= b for a, b in pairwise(starts))
    for line in expectations()["good_service"]["script"]:
        assert any(abs(start - line["inicio"]) <= 1.5 for start in starts), (line, starts)
    assert "Telecom Siete" in transcript.text


def test_an_unknown_vocabulary_mode_is_a_configuration_error():
    from siete.ai import PermanentAIError

    with pytest.raises(PermanentAIError) as error:
        get_transcriber("local", vocabulary_mode="loud")
    assert error.value.code == "ai_not_configured"


@requires_local_asr
def test_local_whisper_hears_the_unusual_names_only_with_the_vocabulary():
    """Real faster-whisper (base) on a 6-s rendered clip: without hints it writes the names as other words."""
    transcriber, started = get_transcriber("local", vocabulary_mode="hotwords"), time.perf_counter()
    plain = normalize(transcriber.transcribe(CLIP).text)
    hinted = normalize(transcriber.transcribe(CLIP, Vocabulary.of(CLIP_NAMES)).text)
    assert all(normalize(name) in hinted for name in CLIP_NAMES), hinted
    assert not any(normalize(name) in plain for name in CLIP_NAMES), plain
    assert time.perf_counter() - started < 60  # a hung decode fails here rather than at the suite timeout


def test_whisper_1_gets_the_vocabulary_as_the_prompt_of_every_upload(fake_openai, openai_settings):
    vocabulary = Vocabulary.of(["Telecom Siete", "Sucursal Naco"])
    get_transcriber("openai", **openai_settings, max_upload_bytes=60_000).transcribe(
        fixture_path("good_service"), vocabulary)
    calls = fake_openai.calls("transcriptions")
    assert len(calls) >= 2 and all(c.fields["prompt"] == "Telecom Siete, Sucursal Naco." for c in calls)


def test_without_a_vocabulary_the_configured_prompt_is_sent(fake_openai, openai_settings):
    get_transcriber("openai", **openai_settings, prompt="Atención al cliente.").transcribe(
        fixture_path("good_service"))
    [call] = fake_openai.calls("transcriptions")
    assert call.fields["prompt"] == "Atención al cliente."


def test_the_diarizing_model_gets_no_prompt(fake_openai, openai_settings):
    transcript = get_transcriber("openai", **openai_settings, model="gpt-4o-transcribe-diarize").transcribe(
        fixture_path("good_service"), Vocabulary.of(["Telecom Siete"]))
    [call] = fake_openai.calls("transcriptions")
    assert "prompt" not in call.fields and call.status == 200 and not transcript.is_empty
