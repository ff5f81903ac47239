"""Verified evidence: every cited quote is found in the transcript and carries that segment's time and speaker.

A model cites line numbers of the numbered transcript it was given; a quote is kept when it is found (fuzzy) in
its cited line (or a neighbour), else anywhere in the transcript; a quote found nowhere is dropped and counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import pairwise
from typing import Any

from siete.ai.criteria import Criterion, verdict
from siete.ai.schemas import CHECKS, VERBATIM_KINDS
from siete.ai.text import normalize
from siete.ai.transcript import ROLES, UNKNOWN, Segment, Transcript

FUZZY_COVERAGE = 0.85


def _coverage(needle: str, hay: str) -> float:
    """Share of needle's characters found, in order, in hay."""
    if not needle:
        return 0.0
    if needle in hay:
        return 1.0
    blocks = SequenceMatcher(None, needle, hay, autojunk=False).get_matching_blocks()
    return sum(block.size for block in blocks) / len(needle)


def locate(quote: str, segments: list[Segment]) -> Segment | None:
    """The segment (or pair of adjacent segments, merged) that contains quote, tolerating small differences."""
    needle = normalize(quote)
    if not needle:
        return None
    singles = list(segments)
    pairs = [Segment(a.start, b.end, f"{a.text} {b.text}", a.speaker if a.speaker == b.speaker else "",
                     a.role if a.role == b.role else UNKNOWN) for a, b in pairwise(segments)]
    for candidates in (singles, pairs):
        exact = next((s for s in candidates if needle in normalize(s.text)), None)
        if exact:
            return exact
    best, best_cover = None, 0.0
    for segment in singles + pairs:
        cover = _coverage(needle, normalize(segment.text))
        if cover > best_cover + 1e-9:
            best, best_cover = segment, cover
    return best if best_cover >= FUZZY_COVERAGE else None


def cita(quote: str, start: float, end: float, speaker: str = "", role: str = UNKNOWN,
         line: int | None = None) -> dict[str, Any]:
    """An evidence entry: the quote, when it is said and who said it."""
    return {"cita": quote, "inicio": round(float(start), 2), "fin": round(float(end), 2), "hablante": speaker or "",
            "rol": role if role in ROLES else UNKNOWN, "linea": line}


@dataclass
class Verification:
    """What happened to the quotes an analysis cited."""

    cited: int = 0
    dropped: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"citadas": self.cited, "verificadas": self.cited - len(self.dropped),
                "descartadas": len(self.dropped), "citas_descartadas": self.dropped}


def verify_cita(entry: dict[str, Any], transcript: Transcript, verification: Verification) -> dict[str, Any] | None:
    """The entry tied to the segment that says it (by its cited line first), or None when no segment does."""
    verification.cited += 1
    segments = transcript.segments
    line = entry.get("linea")
    segment = None
    if isinstance(line, int) and 1 <= line <= len(segments):
        near = segments[max(0, line - 2):line + 1]
        cited = segments[line - 1]
        segment = cited if _coverage(normalize(entry["cita"]), normalize(cited.text)) >= FUZZY_COVERAGE \
            else locate(entry["cita"], near)
    if segment is None and isinstance(entry.get("inicio"), (int, float)) and isinstance(entry.get("fin"), (int, float)):
        start = float(entry["inicio"])
        at_time = [s for s in segments if s.start <= float(entry["fin"]) + 0.5 and s.end >= start - 0.5]
        if at_time:  # 'Hola' said by both sides: first the segment that starts when the quote does
            closest = min(at_time, key=lambda s: abs(s.start - start))
            segment = locate(entry["cita"], [closest]) or locate(entry["cita"], at_time)
    segment = segment or locate(entry["cita"], segments)
    if segment is None:
        verification.dropped.append(entry["cita"])
        return None
    number = next((i + 1 for i, s in enumerate(segments) if s.start == segment.start), None)
    return cita(entry["cita"], segment.start, segment.end, segment.speaker, segment.role, number)


def verify_criteria(answers: dict[str, Any], criteria: Sequence[Criterion], transcript: Transcript,
                    verification: Verification) -> dict[str, dict[str, Any]]:
    """Each criterion's stored verdict: met only with a verified quote of the employee (an invented quote or the
    customer's words prove nothing, so the verdict becomes false with no evidence); null stays null."""
    verdicts = {}
    for criterion in criteria:
        answer = answers.get(criterion.key) or {"cumple": None, "evidencias": []}
        entries = [verify_cita(e, transcript, verification) for e in answer.get("evidencias") or []]
        kept = [e for e in entries if e is not None and e["rol"] != "cliente"]
        met = answer.get("cumple")
        if met and not kept:
            met = False
        verdicts[criterion.key] = verdict(criterion, met, kept[0] if met else None)
    return verdicts


def verify_evidence(view: dict[str, Any], transcript: Transcript,
                    criteria: Sequence[Criterion] = ()) -> tuple[dict[str, Any], Verification]:
    """The view with only verified quotes, each with its segment's time and speaker, and what was dropped.

    A check the model marked true whose quotes are all invented, or all the customer's, is not the employee's
    proven doing, so it becomes false; verbatims keep the order the model gave. The company's criteria (answers
    in view["criterios"]) become stored verdicts by the same rule (see verify_criteria).
    """
    verification = Verification()
    evidence = view["evidencias"]
    checks, quality = {}, dict(view["calidad_basica"])
    for check in CHECKS:
        entries = [verify_cita(e, transcript, verification) for e in evidence["calidad_basica"][check]]
        kept = [e for e in entries if e is not None]
        if quality[check] and entries and (not kept or all(e["rol"] == "cliente" for e in kept)):
            quality[check], kept = False, []  # its evidence was invented, or the customer's words
        checks[check] = kept if quality[check] else []
    verbatims, texts = {}, {}
    for kind in VERBATIM_KINDS:
        given = {normalize(e["cita"]): e for e in evidence["verbatims"][kind]}
        kept = []
        for quote in view["verbatims"][kind]:
            entry = verify_cita({**given.get(normalize(quote), {}), "cita": quote}, transcript, verification)
            if entry is not None:
                kept.append(entry)
        verbatims[kind], texts[kind] = kept, [e["cita"] for e in kept]
    result = {**view, "calidad_basica": quality, "verbatims": texts,
              "evidencias": {"calidad_basica": checks, "verbatims": verbatims}}
    result.pop("criterios", None)
    if criteria:
        result["criterios"] = verify_criteria(view.get("criterios") or {}, criteria, transcript, verification)
    return result, verification


def sanitize_evidence(view: dict[str, Any], transcript: Transcript) -> dict[str, Any]:
    """The view with verified evidence only (see verify_evidence)."""
    return verify_evidence(view, transcript)[0]
