"""Joins per-chunk transcripts on one timeline, dropping what the chunk overlaps recognised twice."""

from __future__ import annotations

import math
from dataclasses import dataclass

from siete.ai.text import words
from siete.ai.transcript import Segment

WORDS_PER_SECOND = 4  # fast Spanish speech; bounds how many words an overlap can have heard twice


@dataclass(frozen=True)
class ChunkTranscript:
    """Segments of one chunk, timed from the chunk's own start."""

    start: float
    duration: float
    segments: list[Segment]


def stitch(chunks: list[ChunkTranscript], total_duration: float) -> list[Segment]:
    """Offset each chunk's segments and cut the overlaps at their midpoint; drop words said twice at a seam."""
    stitched: list[Segment] = []
    for index, chunk in enumerate(chunks):
        lower = _seam(chunks[index - 1], chunk) if index else 0.0
        upper = _seam(chunk, chunks[index + 1]) if index + 1 < len(chunks) else float("inf")
        kept = []
        for segment in chunk.segments:
            start, end = chunk.start + segment.start, chunk.start + segment.end
            if lower <= (start + end) / 2 < upper:
                start = max(start, lower)
                kept.append(Segment(start, max(min(end, upper), start), segment.text))
        if stitched and kept:
            overlap = chunks[index - 1].start + chunks[index - 1].duration - chunk.start
            kept[0] = _without_repeated_prefix(stitched[-1], kept[0], math.ceil(overlap * WORDS_PER_SECOND))
        stitched.extend(segment for segment in kept if segment.text.strip())
    return _monotonic(stitched, total_duration)


def _seam(before: ChunkTranscript, after: ChunkTranscript) -> float:
    """The middle of the overlap between two consecutive chunks."""
    return (after.start + min(before.start + before.duration, after.start + after.duration)) / 2


def _without_repeated_prefix(previous: Segment, segment: Segment, max_words: int) -> Segment:
    """Drop leading words of segment that repeat the end of previous (the same speech heard in both chunks)."""
    tail, head = words(previous.text), segment.text.split()
    normalized_head = [" ".join(words(token)) for token in head]
    for size in range(min(len(tail), len(head), max_words), 1, -1):
        if normalized_head[:size] == tail[-size:]:
            return Segment(segment.start, segment.end, " ".join(head[size:]))
    return segment


def _monotonic(segments: list[Segment], total_duration: float) -> list[Segment]:
    """Clamp to the recording and make start times non-decreasing."""
    result: list[Segment] = []
    for segment in segments:
        floor = result[-1].start if result else 0.0
        start = min(max(segment.start, floor), total_duration)
        end = min(max(segment.end, start), total_duration)
        result.append(Segment(round(start, 3), round(end, 3), segment.text.strip()))
    return result
