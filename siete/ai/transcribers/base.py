"""The one interface every transcriber implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path

from siete.ai.errors import NO_SPEECH, PermanentAIError
from siete.ai.transcript import Transcript
from siete.ai.vocabulary import Vocabulary


class Transcriber(ABC):
    """Turns a recording (video or audio file) into a timed Spanish transcript."""

    name: str = ""

    @abstractmethod
    def transcribe(self, path: str | Path, vocabulary: Vocabulary | None = None) -> Transcript:
        """Transcribe the file at path, hinted with the names it may contain; raise MediaError or AIError
        subclasses on failure."""


def require_speech(transcript: Transcript, source: str | Path) -> Transcript:
    """Return transcript, or raise no_speech when nothing was recognised."""
    if transcript.is_empty:
        raise PermanentAIError(NO_SPEECH, f"no speech recognised in {Path(source).name}")
    return transcript
