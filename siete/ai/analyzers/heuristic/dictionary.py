"""Which words are Spanish, from simplemma's Spanish dictionary (inflected forms included): a lower-case word right
after 'soy' or 'le atiende' that is none is a name ASR did not know how to spell ('soy matilitoral' for 'soy
Martín Iturralde'); the dictionary holds common words, not first names or surnames."""

from __future__ import annotations

from functools import lru_cache

from siete.ai.analyzers.heuristic.matching import PRONOUNS

MIN_LENGTH = 4  # shorter fragments are ASR debris as often as names
_ACCENTED = str.maketrans("aeiou", "áéíóú")
# pronouns written onto a verb, which the dictionary lists without them ('mandarlo', 'servirle', 'guárdeselo')
ENCLITICS = ("selo", "sela", "selos", "selas", "melo", "mela", "telo", "tela", *sorted(PRONOUNS))
DIMINUTIVES = ("cito", "cita", "citos", "citas", "ito", "ita", "itos", "itas", "ico", "ica", "illo", "illa")  # 'ahorita'


def _spellings(token: str):
    """The normalised token and each way of writing it with one accent back ('mia' → 'mía')."""
    yield token
    for index, char in enumerate(token):
        if char in "aeiou":
            yield token[:index] + char.translate(_ACCENTED) + token[index + 1:]


@lru_cache(maxsize=50_000)
def unknown_word(token: str) -> bool:
    """True for a normalised token of MIN_LENGTH letters or more that is no Spanish word."""
    if len(token) < MIN_LENGTH or not token.isalpha():
        return False
    from simplemma import is_known  # loads its Spanish dictionary (about a second) on first use

    stems = [token] + [token[:-len(c)] for c in ENCLITICS if token.endswith(c) and len(token) - len(c) >= 3]
    stems += [token[:-len(d)] + vowel for d in DIMINUTIVES if token.endswith(d) and len(token) - len(d) >= 3
              for vowel in ("", "a", "o", "e")]
    return not any(is_known(spelling, lang="es") for stem in stems for spelling in _spellings(stem))
