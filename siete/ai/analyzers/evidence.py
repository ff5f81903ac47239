"""Ties quotes to moments of the recording and keeps a model's cited seconds inside it."""

from __future__ import annotations

from difflib import SequenceMatcher
from itertools import pairwise
from typing import Any

from siete.ai.schemas import CHECKS, VERBATIM_KINDS
from siete.ai.text import normalize
from siete.ai.transcript import Segment, Transcript

FUZZY_COVERAGE = 0.85


def locate(quote: str, segments: list[Segment]) -> Segment | None:
    """The segment (or pair of adjacent segments, merged) that contains quote, tolerating small differences."""
    needle = normalize(quote)
    if not needle:
        return None
    candidates = list(segments) + [Segment(a.start, b.end, f"{a.text} {b.text}") for a, b in pairwise(segments)]
    for segment in candidates:
        if needle in normalize(segment.text):
            return segment
    best, best_cover = None, 0.0
    for segment in candidates:
        hay = normalize(segment.text)
        matched = sum(block.size for block in SequenceMatcher(None, needle, hay, autojunk=False).get_matching_blocks())
        if matched / len(needle) > best_cover:
            best, best_cover = segment, matched / len(needle)
    return best if best_cover >= FUZZY_COVERAGE else None


def cita(quote: str, start: float, end: float) -> dict[str, Any]:
    """An evidence entry."""
    return {"cita": quote, "inicio": round(float(start), 2), "fin": round(float(end), 2)}


def sanitize_cita(entry: dict[str, Any], transcript: Transcript) -> dict[str, Any]:
    """Keep a cited moment honest: snap to the quoted segment when the seconds miss it, clamp to the recording."""
    duration = transcript.duration or (transcript.segments[-1].end if transcript.segments else 0.0)
    start, end = float(entry["inicio"]), float(entry["fin"])
    segment = locate(entry["cita"], transcript.segments)
    if segment and (end < segment.start or start > segment.end or end <= start):
        start, end = segment.start, segment.end
    start = min(max(start, 0.0), duration)
    end = min(max(end, start), duration)
    return cita(entry["cita"], start, end)


def sanitize_evidence(view: dict[str, Any], transcript: Transcript) -> dict[str, Any]:
    """Clamp every cited moment and align verbatim evidence with the verbatims, one entry per quote."""
    evidence = view["evidencias"]
    checks = {check: [sanitize_cita(e, transcript) for e in evidence["calidad_basica"][check]] for check in CHECKS}
    verbatims = {}
    for kind in VERBATIM_KINDS:
        given = {normalize(e["cita"]): e for e in evidence["verbatims"][kind]}
        verbatims[kind] = [_verbatim_evidence(quote, given, transcript) for quote in view["verbatims"][kind]]
    return {**view, "evidencias": {"calidad_basica": checks, "verbatims": verbatims}}


def _verbatim_evidence(quote: str, given: dict[str, dict], transcript: Transcript) -> dict[str, Any]:
    """The model's evidence for a verbatim when it gave one, else the segment where the quote is said."""
    if normalize(quote) in given:
        return sanitize_cita({**given[normalize(quote)], "cita": quote}, transcript)
    segment = locate(quote, transcript.segments)
    return cita(quote, segment.start, segment.end) if segment else cita(quote, 0.0, 0.0)
