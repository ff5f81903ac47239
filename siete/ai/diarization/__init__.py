"""Who spoke: speaker labels from the voice (acoustic clustering) and each speaker's role from what they say."""

from __future__ import annotations

from pathlib import Path

from siete.ai.diarization.roles import assign_roles, with_roles
from siete.ai.transcript import Transcript

MODES = ("acoustic", "content", "none")


def diarize(path: str | Path, transcript: Transcript, mode: str = "acoustic") -> Transcript:
    """The transcript with a speaker (acoustic mode: by voice) and a role (by content and turn-taking) per segment.

    Segments that already carry speakers (a diarizing transcriber's) keep them; 'content' skips the voice and
    'none' leaves the transcript as it is.
    """
    if mode == "none" or not transcript.segments:
        return transcript
    segments = transcript.segments
    if mode == "acoustic" and not any(s.speaker for s in segments):
        from siete.ai.diarization.acoustic import label_speakers

        segments = label_speakers(path, segments)
    return transcript.with_segments(assign_roles(segments))



def diarize_from_config(config, path: str | Path, transcript: Transcript) -> Transcript:
    """diarize() with the DIARIZATION setting (acoustic | content | none; default acoustic)."""
    mode = (config.get("DIARIZATION") or "acoustic").strip().lower()
    if mode not in MODES:
        raise ValueError(f"DIARIZATION must be one of {MODES}, not {mode!r}")
    return diarize(path, transcript, mode)


__all__ = ["MODES", "assign_roles", "diarize", "diarize_from_config", "with_roles"]
