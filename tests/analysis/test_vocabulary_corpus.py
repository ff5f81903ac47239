"""The vocabulary part of the corpus: its names parse, stay apart from the other parts, and are said in the
dialogues; the word alignment behind the name error rate."""

from pathlib import Path

import pytest

from bench.analysis.vocabulary import name_scores, name_spans, visit_vocabulary
from siete.analysis.evaluation import word_alignment, word_error_rate
from siete.analysis.golden import load, parse

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def test_every_vocabulary_dialogue_has_its_names_and_says_them():
    part = load(CORPUS / "vocabulary.json")
    others = {d.id for name in ("dev", "test") for d in load(CORPUS / f"{name}.json")}
    assert len(part) >= 12 and not {d.id for d in part} & others
    assert [d.to_dict() for d in parse((CORPUS / "vocabulary.txt").read_text(), "vocabulary")] == \
        [d.to_dict() for d in part]
    for dialogue in part:
        assert {"company", "campaign", "branch", "city", "terms"} <= set(dialogue.names), dialogue.id
        assert name_spans(dialogue), dialogue.id
        assert visit_vocabulary(dialogue).terms[0] == dialogue.names["company"]
    assert sum(len(name_spans(d)) for d in part) >= 40
    assert all("names" not in d.to_dict() for d in load(CORPUS / "test.json"))


def test_a_names_line_needs_known_keys():
    with pytest.raises(ValueError, match="line 2"):
        parse("=== x | banco | dominicano | formal | churn=low\nN: marca=Oro\nE: Hola.", "vocabulary")


def test_the_alignment_marks_the_reference_words_kept():
    assert word_alignment("Farmacia Xiomara le atiende", "farmacias y omala le atiende") == (3, [False, False, True, True])
    assert word_alignment("a b c", "a b c") == (0, [True, True, True])
    assert word_alignment("a b c", "") == (3, [False, False, False])
    assert word_error_rate("uno dos tres cuatro", "uno tres cuatro cinco") == 0.5


def test_name_scores_count_the_names_heard_whole():
    dialogue = parse("=== v | farmacia | dominicano | informal | churn=low\n"
                     "N: empresa=Farmacia Xiomara | campaña=Salud | sucursal=Naco | ciudad=Santiago | "
                     "términos=Tusiquín Forte\n"
                     "E: Bienvenida a Farmacia Xiomara. Tenemos Tusiquín Forte. {saludo}", "vocabulary")[0]
    scores = name_scores(dialogue, "Bienvenida a farmacia Xiomí. Tenemos Tusiquín Forte.")
    assert scores == {"name_words": 4, "name_words_kept": 3, "names": 2, "names_whole": 1}
