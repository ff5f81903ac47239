"""A company's own criteria judged offline from its example phrases and description, over the employee's turns.

Each word of length six or more is matched by its stem (prefix), so inflections count ("ofrecemos" for "le
ofrezco"); words are compared with the same ASR-tolerant folding as the basic checks. A turn meets a criterion
when it says one of the examples, or most of the content words of an example or of the description; nothing
found means false with no evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import ceil
from typing import Any

from siete.ai.analyzers.evidence import cita
from siete.ai.analyzers.heuristic.findings import Findings, Turn, raw_tokens
from siete.ai.analyzers.heuristic.matching import Phrase, matches
from siete.ai.criteria import Criterion
from siete.ai.text import words
from siete.ai.transcript import CUSTOMER

STEM_FROM = 6  # words this long or longer match by their stem
MIN_STEM = 5
SHARE = 0.6  # share of an example's (or the description's) content words a turn must say
MIN_KEYWORDS = 2
COMMON = frozenset(words(
    "el la los las lo un una unos unas de del al y o u que en con por para su sus mi mis tu tus se le les me te "
    "nos es son esta este estos estas ese esa eso esto como cuando donde muy mas menos ya si no cliente clienta "
    "clientes asesor asesora empleado empleada colaborador colaboradora personal usuario visita atencion "
    "siempre debe deben hace hacer dice decir menciona mencionar pregunta preguntar explica explicar algun "
    "alguna algo todo toda todos todas cada otro otra otros otras sobre entre durante antes despues momento"))


def _stem(word: str) -> str:
    """The pattern word for one example word: its stem for long words, the word itself for short ones."""
    return f"{word[:max(MIN_STEM, len(word) - 3)]}*" if len(word) >= STEM_FROM else word


@dataclass(frozen=True)
class CriterionCues:
    """What an employee's turn must say to meet one criterion."""

    phrases: tuple[Phrase, ...]
    keyword_sets: tuple[tuple[Phrase, ...], ...]  # each example's content words, and the description's

    @classmethod
    def of(cls, criterion: Criterion) -> CriterionCues:
        examples = [words(example) for example in criterion.examples]
        phrases = tuple(Phrase.of(" ".join(_stem(w) for w in ws)) for ws in examples if ws)
        sources = [*examples, words(f"{criterion.description} {criterion.counts}")]
        keyword_sets = []
        for source in sources:
            content = list(dict.fromkeys(w for w in source if w not in COMMON and len(w) >= 4))
            if len(content) >= MIN_KEYWORDS:
                keyword_sets.append(tuple(Phrase.of(_stem(w)) for w in content))
        return cls(phrases, tuple(keyword_sets))

    def said_in(self, tokens: list[str]) -> bool:
        """An example said (not negated), or most of the content words of one example or the description, none
        of them negated ('no le ofrezco el seguro' offers nothing)."""
        if any(matches(phrase, tokens) for phrase in self.phrases):
            return True
        for keywords in self.keyword_sets:
            said = [matches(keyword, tokens, negation=False) for keyword in keywords]
            if any(s and not matches(k, tokens) for s, k in zip(said, keywords)):
                continue
            if sum(said) >= max(MIN_KEYWORDS, ceil(SHARE * len(keywords))):
                return True
        return False


def _quote(turn: Turn, cues: CriterionCues) -> str | None:
    """The sentence of the turn that meets the criterion, the whole turn when only all of it does, else None."""
    sentence = next((s for s in turn.sentences() if cues.said_in(raw_tokens(s)[0])), None)
    if sentence:
        return sentence
    return turn.text if cues.said_in(turn.tokens) else None


def judge(findings: Findings, criteria: Sequence[Criterion]) -> dict[str, dict[str, Any]]:
    """Each criterion's answer ({cumple, evidencias}) as a model would give it, for the verified-evidence path."""
    answers = {}
    employee_turns = [turn for turn in findings.turns if turn.role != CUSTOMER]
    for criterion in criteria:
        if not findings.evaluable:
            answers[criterion.key] = {"cumple": None, "evidencias": []}
            continue
        cues = CriterionCues.of(criterion)
        evidence = []
        for turn in employee_turns:
            quote = _quote(turn, cues)
            if quote:
                evidence.append(cita(quote, turn.start, turn.end, turn.speaker, turn.role))
        answers[criterion.key] = {"cumple": bool(evidence), "evidencias": evidence[:3]}
    return answers
