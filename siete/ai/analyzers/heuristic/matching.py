"""Fuzzy phrase matching over normalised Spanish tokens, tolerant of the misspellings ASR makes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from siete.ai.text import words

NEGATORS = {"no", "nunca", "ni", "tampoco", "nadie", "sin", "jamas", "ningun", "ninguna", "ninguno"}
NEGATION_WINDOW = 3


def max_edits(length: int) -> int:
    """Edits allowed for a word of this length: none for short words, more for long ones."""
    return 0 if length <= 4 else 1 if length <= 8 else 2 if length <= 12 else 3


def within_edits(a: str, b: str, limit: int) -> bool:
    """True when the Levenshtein distance of a and b is at most limit (banded, stops early)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


@lru_cache(maxsize=200_000)
def token_matches(token: str, pattern: str) -> bool:
    """Does a transcript token match a pattern word ('word' or 'prefix*'), allowing small ASR errors?"""
    if pattern.endswith("*"):
        stem = pattern[:-1]
        allowed = max(max_edits(len(stem)) - 1, 0)  # a stem has no ending to absorb an error
        return token.startswith(stem) or (allowed > 0 and within_edits(token[:len(stem)], stem, allowed))
    return token == pattern or within_edits(token, pattern, max_edits(len(pattern)))


@dataclass(frozen=True)
class Phrase:
    """A pattern of words; each word may end in * (prefix) and one extra word may sit between two."""

    text: str
    tokens: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> Phrase:
        """Compile a pattern written in plain Spanish (accents and case do not matter)."""
        return cls(text, tuple(_pattern_words(text)))

    @property
    def negative_by_itself(self) -> bool:
        """Phrases like 'no sirve' already carry their negation."""
        return self.tokens[0] in NEGATORS


def _pattern_words(text: str) -> list[str]:
    """Normalised pattern words, keeping a trailing * on prefixes."""
    return [word + ("*" if raw.endswith("*") else "") for raw in text.split() for word in words(raw)]


def occurrences(phrase: Phrase, tokens: list[str], max_gap: int = 1) -> list[int]:
    """Indexes where phrase starts in tokens."""
    first, rest = phrase.tokens[0], phrase.tokens[1:]
    return [start for start, token in enumerate(tokens)
            if token_matches(token, first) and _rest_matches(rest, tokens, start + 1, max_gap)]


def _rest_matches(rest: tuple[str, ...], tokens: list[str], position: int, max_gap: int) -> bool:
    """Match the remaining pattern words, each within max_gap extra tokens of the previous one."""
    for pattern in rest:
        for offset in range(max_gap + 1):
            if position + offset < len(tokens) and token_matches(tokens[position + offset], pattern):
                position += offset + 1
                break
        else:
            return False
    return True


def negated(tokens: list[str], start: int) -> bool:
    """Is there a negator just before position start ('no me saludaron', 'nunca ofrecen')?"""
    return any(token in NEGATORS for token in tokens[max(0, start - NEGATION_WINDOW):start])


def first_match(phrases: tuple[Phrase, ...], tokens: list[str]) -> Phrase | None:
    """The first phrase that occurs in tokens without being negated."""
    for phrase in phrases:
        if any(phrase.negative_by_itself or not negated(tokens, start) for start in occurrences(phrase, tokens)):
            return phrase
    return None
