"""Chunk transcripts are joined on one timeline without repeating what the overlaps heard twice."""

from itertools import pairwise

import pytest

from siete.ai.transcribers.stitching import ChunkTranscript, stitch
from siete.ai.transcript import Segment


def test_segments_are_offset_and_overlap_duplicates_dropped():
    first = ChunkTranscript(0.0, 32.0, [Segment(0.0, 10.0, "Buenas tardes."), Segment(10.0, 20.0, "Mi nombre es Ana."),
                                        Segment(20.0, 29.0, "¿En qué le ayudo?"), Segment(30.2, 32.0, "Quiero")])
    # the second chunk starts at 30 s: it hears "Quiero un plan" again, whole
    second = ChunkTranscript(30.0, 20.0, [Segment(0.1, 4.0, "Quiero un plan nuevo."),
                                          Segment(4.0, 12.0, "Tenemos una promoción."), Segment(12.0, 20.0, "Gracias.")])
    segments = stitch([first, second], 50.0)
    assert [s.text for s in segments] == ["Buenas tardes.", "Mi nombre es Ana.", "¿En qué le ayudo?",
                                          "Quiero un plan nuevo.", "Tenemos una promoción.", "Gracias."]
    assert segments[3].start == pytest.approx(31.0) and segments[4].start == pytest.approx(34.0)
    assert all(a.start <= b.start and a.end <= b.start + 1e-6 for a, b in pairwise(segments))


def test_text_only_chunks_lose_the_words_repeated_at_the_seam():
    first = ChunkTranscript(0.0, 12.0, [Segment(0.0, 12.0, "Buenas tardes, bienvenido a la tienda, ¿en qué le")])
    second = ChunkTranscript(10.0, 12.0, [Segment(0.0, 12.0, "¿En qué le puedo ayudar? Quiero un plan.")])
    segments = stitch([first, second], 22.0)
    assert " ".join(s.text for s in segments) == ("Buenas tardes, bienvenido a la tienda, ¿en qué le "
                                                  "puedo ayudar? Quiero un plan.")
    assert segments[0].end == pytest.approx(11.0) and segments[1].start == pytest.approx(11.0)
    assert segments[1].end == pytest.approx(22.0)


def test_timeline_is_clamped_to_the_recording():
    segments = stitch([ChunkTranscript(0.0, 10.0, [Segment(0.0, 4.0, "Hola."), Segment(3.0, 14.0, "Adiós.")])], 10.0)
    assert segments[-1].end == 10.0
    assert all(0 <= s.start <= s.end <= 10.0 for s in segments)
