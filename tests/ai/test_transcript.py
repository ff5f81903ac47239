"""Transcript survives the JSON column it is stored in."""

import json

from siete.ai import Segment, Transcript


def test_round_trips_through_json():
    transcript = Transcript("Hola. Adiós.", "es", 12.5, [Segment(0.5, 3.0, "Hola."), Segment(9.0, 12.0, "Adiós.")])
    restored = Transcript.from_dict(json.loads(json.dumps(transcript.to_dict())))
    assert restored == transcript


def test_from_segments_joins_text_and_drops_blank_segments():
    transcript = Transcript.from_segments([Segment(0, 1, " Hola "), Segment(1, 2, "  "), Segment(2, 3, "qué tal")],
                                          "es", 3.0)
    assert transcript.text == "Hola qué tal"
    assert len(transcript.segments) == 2


def test_empty_transcript_is_empty():
    assert Transcript.from_segments([], "es", 8.0).is_empty
    assert not Transcript("Hola", "es", 1.0).is_empty
