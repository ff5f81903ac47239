"""Transcribers behind one interface, chosen by name: openai (Whisper API) or local (faster-whisper)."""

from __future__ import annotations

from siete.ai.errors import AI_NOT_CONFIGURED, PermanentAIError
from siete.ai.transcribers.base import Transcriber
from siete.ai.transcribers.local_whisper import LocalTranscriber
from siete.ai.transcribers.openai_whisper import OpenAITranscriber

TRANSCRIBERS: dict[str, type[Transcriber]] = {"openai": OpenAITranscriber, "local": LocalTranscriber}


def get_transcriber(name: str, **settings) -> Transcriber:
    """Build the named transcriber with keyword settings (see each class for the ones it takes)."""
    try:
        factory = TRANSCRIBERS[name]
    except KeyError:
        raise PermanentAIError(AI_NOT_CONFIGURED, f"unknown transcriber {name!r}; use one of {sorted(TRANSCRIBERS)}") from None
    return factory(**settings)


__all__ = ["TRANSCRIBERS", "LocalTranscriber", "OpenAITranscriber", "Transcriber", "get_transcriber"]
