"""Accent- and case-insensitive text normalisation shared by stitching, evidence lookup and the heuristic."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9ñ]+")


def strip_accents(text: str) -> str:
    """Remove diacritics but keep ñ, which changes the word in Spanish."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ñ", "\0").replace("Ñ", "\1"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.replace("\0", "ñ").replace("\1", "Ñ")


def normalize(text: str) -> str:
    """Lower case, no accents, punctuation turned into single spaces; '%' read out as ASR writes it for
    'por ciento' ('un 20% menos')."""
    return _NON_WORD.sub(" ", strip_accents(text.replace("%", " por ciento ")).lower()).strip()


def words(text: str) -> list[str]:
    """Normalised words of text."""
    return normalize(text).split()
