"""Fuzzy phrase matching over normalised, phonetically folded Spanish tokens, tolerant of ASR slips.

A pattern is plain Spanish: each word may list alternatives ("le|lo|la"), end in * (a prefix), start with *
(a suffix: "*ar" for an infinitive), start with = (exact: "=traiga" is not "traigo"), be _ (any one word) or
!word (any one word but that one: "gracias por !nada");
between two words one extra word may sit. Words are compared after folding the spellings Spanish ASR confuses
(c/s/z, b/v, ll/y, silent h, dropped final s or d, final l for r) and within a small edit distance; a pattern
word may also match two transcript words run together ("ser a" for "cerrar"), and two pattern words one
transcript word ("alfrente" for "al frente").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from siete.ai.text import words

NEGATORS = {"no", "nunca", "ni", "tampoco", "nadie", "sin", "jamas", "ningun", "ninguna", "ninguno"}
VERB_NEGATORS = {"no", "nunca", "jamas", "tampoco"}
NEGATION_WINDOW = 3
ANY = "_"
PRONOUNS = frozenset({"lo", "la", "los", "las", "le", "les", "se", "me", "te", "nos"})  # that go before or onto a verb
BOUNDARY = "."  # a sentence end among the tokens (normalised words never are one)

_FOLDS = [(re.compile(pattern), repl) for pattern, repl in (
    (r"ch", "\x01"), (r"h", ""), (r"\x01", "ch"), (r"ll", "y"), (r"v", "b"), (r"z", "s"), (r"c([ei])", r"s\1"),
    (r"qu", "k"), (r"c", "k"), (r"rr", "r"), (r"(?<=...)s$", ""), (r"(?<=...)d$", ""), (r"(?<=..)l$", "r"))]


@lru_cache(maxsize=100_000)
def fold(word: str) -> str:
    """A normalised word as it sounds: spellings that ASR and Caribbean speech swap are made equal."""
    for pattern, repl in _FOLDS:
        word = pattern.sub(repl, word)
    return word


# Sounds ASR swaps for their neighbours ('puebo' for 'puedo', 'ornen' for 'orden', 'auros' for 'ahorros'):
# swapping two of one group costs half an edit, so a short word may carry one such slip and a long word two per edit.
_NEIGHBOURS = [set(group) for group in ("bdg", "ptk", "rl", "mn", "nd", "bp", "dt", "gk", "ou", "ei")]
SLIP = 0.5
JOINED_SLIP_MIN = 6  # a pair heard as one word may carry a slip from this many letters


@lru_cache(maxsize=4096)
def _substitution(a: str, b: str) -> float:
    if a == b:
        return 0.0
    return SLIP if any(a in group and b in group for group in _NEIGHBOURS) else 1.0


def max_edits(length: int) -> float:
    """Edits allowed for a word of this length: one neighbouring-sound slip for short words, more for long ones."""
    return SLIP if length <= 5 else 1 if length <= 8 else 2 if length <= 12 else 3


def within_edits(a: str, b: str, limit: float) -> bool:
    """True when the edit distance of a and b (neighbouring sounds half an edit) is at most limit."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + _substitution(char_a, char_b))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


@lru_cache(maxsize=400_000)
def token_matches(token: str, pattern: str) -> bool:
    """Does a transcript token match one pattern alternative ('word' or 'prefix*'), allowing small ASR errors?"""
    if token == BOUNDARY:
        return False
    if pattern == ANY:
        return True
    if pattern.startswith("!"):
        return fold(token) != fold(pattern[1:])
    if pattern.endswith("*"):
        stem = pattern[:-1]
        if token.startswith(stem):
            return True
        folded_stem, folded = fold(stem) if len(stem) > 3 else stem, fold(token)
        allowed = max(max_edits(len(stem)) - 1, 0)  # a stem has no ending to absorb an error
        return folded.startswith(folded_stem) or (allowed > 0 and within_edits(folded[:len(folded_stem)],
                                                                               folded_stem, allowed))
    if pattern.startswith("*"):
        return token.endswith(pattern[1:]) and len(token) > len(pattern) + 1
    if pattern.startswith("="):
        return fold(token) == fold(pattern[1:])
    if token == pattern:
        return True
    folded, folded_pattern = fold(token), fold(pattern)
    return folded == folded_pattern or within_edits(folded, folded_pattern,
                                                    max_edits(min(len(folded), len(folded_pattern))))


def word_matches(token: str, alternatives: tuple[str, ...]) -> bool:
    exact, others = _split_exact(alternatives)
    return fold(token) in exact or any(token_matches(token, other) for other in others)


@lru_cache(maxsize=4096)
def _split_exact(alternatives: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """A word's exact alternatives ('=guarde', as they sound) as one set to look up, apart from the fuzzy ones:
    the imperatives of advice are well over a thousand."""
    exact = frozenset(fold(a[1:]) for a in alternatives if a.startswith("="))
    return exact, tuple(a for a in alternatives if not a.startswith("="))


@dataclass(frozen=True)
class Phrase:
    """A compiled pattern: per position, the alternatives it accepts."""

    text: str
    tokens: tuple[tuple[str, ...], ...]

    @classmethod
    def of(cls, text: str) -> Phrase:
        """Compile a pattern written in plain Spanish (accents and case do not matter)."""
        return cls(text, tuple(_pattern_word(raw) for raw in text.split()))

    @property
    def negative_by_itself(self) -> bool:
        """Phrases like 'no sirve' already carry their negation."""
        return bool(set(self.tokens[0]) & NEGATORS)


def _pattern_word(raw: str) -> tuple[str, ...]:
    """Normalised alternatives of one pattern word, keeping a trailing * on prefixes."""
    result = []
    for alternative in raw.split("|"):
        if alternative == ANY:
            result.append(ANY)
            continue
        normal = "".join(words(alternative))
        if normal:
            result.append((alternative[0] if alternative[0] in "*=!" else "") + normal
                          + ("*" if alternative.endswith("*") and not alternative.startswith("*") else ""))
    return tuple(result)


def occurrences(phrase: Phrase, tokens: list[str], max_gap: int = 1) -> list[int]:
    """Indexes where phrase starts in tokens."""
    return [start for start in range(len(tokens)) if _match_from(phrase.tokens, tokens, start) is not None]


def ends(phrase: Phrase, tokens: list[str]) -> list[int]:
    """Indexes just past each place phrase occurs in tokens."""
    found = (_match_from(phrase.tokens, tokens, start) for start in range(len(tokens)))
    return [end for end in found if end is not None]


def _match_from(pattern: tuple[tuple[str, ...], ...], tokens: list[str], start: int, max_gap: int = 1) -> int | None:
    """End index when pattern matches starting exactly at start (later words within max_gap extra tokens)."""
    first, rest = pattern[0], pattern[1:]
    for width in _widths(first, tokens, start):
        end = _rest(rest, tokens, start + width, max_gap)
        if end is not None:
            return end
    if rest and start < len(tokens) and _joined(first, rest[0], tokens[start]):
        return _rest(rest[1:], tokens, start + 1, max_gap)
    return None


@lru_cache(maxsize=200_000)
def _joined(first: tuple[str, ...], second: tuple[str, ...], token: str) -> bool:
    """Does one transcript token say two pattern words run together ('alfrente' for 'al frente')? As they sound,
    with at most one neighbouring-sound slip in a long pair ('resale' for 'le sale'): a looser match of a joined
    pair would take 'cambiar' for 'cambio al'."""
    heard = fold(token)
    return any(heard.startswith(fold(a + b[:-1])) if b.endswith("*") else _sounds_as(heard, fold(a + b))
               for a in first if a.isalnum() for b in second if b.rstrip("*").isalnum() and len(a + b) >= 5)


def _sounds_as(heard: str, pair: str) -> bool:
    return heard == pair or (len(pair) >= JOINED_SLIP_MIN and within_edits(heard, pair, SLIP))


def _rest(rest, tokens, position, max_gap):
    if not rest:
        return position
    if len(rest) > 1:
        for offset in range(max_gap + 1):
            at = position + offset
            if at < len(tokens) and _joined(rest[0], rest[1], tokens[at]):
                end = _rest(rest[2:], tokens, at + 1, max_gap)
                if end is not None:
                    return end
    if all(len(a) <= 2 and a[0] not in "*=" for a in rest[0]) and len(rest) > 1:
        skipped = _rest(rest[1:], tokens, position, max_gap)  # ASR drops short function words ('dar baja')
        if skipped is not None:
            return skipped
    for offset in range(max_gap + 1):
        for width in _widths(rest[0], tokens, position + offset):
            end = _rest(rest[1:], tokens, position + offset + width, max_gap)
            if end is not None:
                return end
    return None


@lru_cache(maxsize=4096)
def _whole_words(alternatives: tuple[str, ...]) -> tuple[str, ...]:
    """The alternatives two transcript words run together may say ('cerrar' heard as 'ser a')."""
    return tuple(a for a in alternatives if len(a) >= 5 and not a.endswith("*") and a[0] not in "*=!_")


def _widths(alternatives: tuple[str, ...], tokens: list[str], position: int) -> list[int]:
    """How many tokens from position one pattern word can cover: 1, or 2 run together for a long word."""
    if position >= len(tokens):
        return []
    widths = [1] if word_matches(tokens[position], alternatives) else []
    if position + 1 < len(tokens) and BOUNDARY not in (tokens[position], tokens[position + 1]):
        pair = tokens[position] + tokens[position + 1]
        if any(token_matches(pair, a) for a in _whole_words(alternatives)):
            widths.append(2)
        elif tokens[position + 1] in PRONOUNS and len(tokens[position]) >= 3 and fold(pair) in _split_exact(alternatives)[0]:
            widths.append(2)  # a pronoun ASR wrote apart from its verb: 'dese las' is 'déselas', 'limpia los'
    return widths


def negated(tokens: list[str], start: int, reach: int = NEGATION_WINDOW) -> bool:
    """Is there a negator in the reach words before position start ('no me saludaron', 'nunca ofrecen')?"""
    window = tokens[max(0, start - max(reach, NEGATION_WINDOW)):start]
    if BOUNDARY in window:
        window = window[len(window) - window[::-1].index(BOUNDARY):]
    near = len(window) - NEGATION_WINDOW  # 'sin' and 'ningún' negate the words right after them only
    return any(token in (NEGATORS if i >= near else VERB_NEGATORS) for i, token in enumerate(window))


def matches(phrase: Phrase, tokens: list[str], negation: bool = True, reach: int = NEGATION_WINDOW) -> bool:
    """Does phrase occur in tokens without being negated (negation=False: negated or not)?"""
    return any(not negation or phrase.negative_by_itself or not negated(tokens, start, reach)
               for start in occurrences(phrase, tokens))


def first_match(phrases: tuple[Phrase, ...], tokens: list[str]) -> Phrase | None:
    """The first phrase that occurs in tokens without being negated."""
    return next((phrase for phrase in phrases if matches(phrase, tokens)), None)


@dataclass(frozen=True)
class Cue:
    """A phrase and how much it says for an intent (an intent holds when its cues add up to its threshold)."""

    phrase: Phrase
    weight: float


def cues(weight: float, *texts: str) -> tuple[Cue, ...]:
    """Cues of one weight."""
    return tuple(Cue(Phrase.of(text), weight) for text in texts)


def score(intent: tuple[Cue, ...], tokens: list[str], negation: bool = True,
          reach: int = NEGATION_WINDOW) -> tuple[float, list[str]]:
    """Sum of the weights of the intent's cues found (each once) and which ones they were; a cue with a negator
    in the reach words before it (in its clause) does not count."""
    found = [cue for cue in intent if matches(cue.phrase, tokens, negation, reach)]
    return sum(cue.weight for cue in found), [cue.phrase.text for cue in found]
