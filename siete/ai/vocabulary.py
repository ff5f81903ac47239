"""The names a recording is likely to contain (company, campaign, branch, products), as a bounded Whisper prompt."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# Whisper keeps at most n_text_ctx // 2 - 1 = 223 prompt tokens: faster-whisper cuts hotwords after them, the API
# keeps only the last 224 (dropping the first, most important, terms).
MAX_PROMPT_TOKENS = 223
SEPARATOR, END = ", ", "."


def estimated_tokens(text: str) -> int:
    """An upper bound in practice of Whisper's token count, for when no tokenizer is at hand (the API
    transcriber): 0.7 a character for ASCII, 1.5 for others. Measured with Whisper's tokenizer: Spanish
    business names take 0.35-0.45 tokens a character, capital acronyms and random letters up to 0.63,
    lone accented letters about 1.25 (tests/ai/test_vocabulary.py checks the bound)."""
    ascii_chars = sum(ch.isascii() for ch in text)
    return math.ceil(0.7 * ascii_chars + 1.5 * (len(text) - ascii_chars))


def _clean(term: str) -> str:
    return " ".join(str(term).split()).strip(" ,.;")


@dataclass(frozen=True)
class Vocabulary:
    """Distinct terms in priority order (the most important first): what survives when the prompt is bounded."""

    terms: tuple[str, ...] = ()

    @classmethod
    def of(cls, *groups: Iterable[str | None]) -> Vocabulary:
        """Terms of the groups in order, whitespace collapsed, empty ones and case-insensitive repeats dropped."""
        seen, terms = set(), []
        for group in groups:
            for raw in group:
                term = _clean(raw or "")
                if term and term.casefold() not in seen:
                    seen.add(term.casefold())
                    terms.append(term)
        return cls(tuple(terms))

    @classmethod
    def for_visit(cls, company: str | None, campaign: str | None, branch: str | None, terms: Iterable[str] = (),
                  city: str | None = None) -> Vocabulary:
        """A recorded visit's names, most telling first: the company, campaign and branch the platform holds,
        the company's own terms (products, brands), then the city (a common word Whisper mostly knows)."""
        return cls.of([company, campaign, branch], terms, [city])

    def __bool__(self) -> bool:
        return bool(self.terms)

    def prompt(self, count_tokens: Callable[[str], int] = estimated_tokens,
               max_tokens: int = MAX_PROMPT_TOKENS) -> str:
        """"A, B, C." with whole terms in priority order while it fits max_tokens (counted exactly when the caller
        has the model's tokenizer); a term that does not fit is left out and shorter later ones still tried."""
        chosen: list[str] = []
        for term in self.terms:
            candidate = SEPARATOR.join([*chosen, term]) + END
            if count_tokens(" " + candidate) <= max_tokens:  # Whisper encodes the prompt after a space
                chosen.append(term)
        return SEPARATOR.join(chosen) + END if chosen else ""
