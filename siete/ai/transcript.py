"""The transcript every transcriber returns and the pipeline stores as JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

EMPLOYEE, CUSTOMER, UNKNOWN = "empleado", "cliente", "desconocido"
ROLES = (EMPLOYEE, CUSTOMER, UNKNOWN)


@dataclass(frozen=True)
class Segment:
    """A stretch of speech with its position in the recording (seconds), who said it and in which role."""

    start: float
    end: float
    text: str
    speaker: str = ""  # diarization label, stable within one recording ("S1", "A"...); "" when unknown
    role: str = UNKNOWN  # empleado | cliente | desconocido


@dataclass(frozen=True)
class Transcript:
    """Full text, language, duration and timed segments of one recording."""

    text: str
    language: str
    duration: float
    segments: list[Segment] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """True when no speech was recognised."""
        return not self.text.strip()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form for the evaluation_analysis transcript column."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Transcript:
        """Rebuild a transcript stored with to_dict."""
        segments = [Segment(float(s["start"]), float(s["end"]), str(s["text"]), str(s.get("speaker") or ""),
                            s.get("role") if s.get("role") in ROLES else UNKNOWN) for s in data.get("segments", [])]
        return cls(text=str(data["text"]), language=str(data.get("language", "")),
                   duration=float(data.get("duration", 0.0)), segments=segments)

    @property
    def has_roles(self) -> bool:
        """True when some segment's role is known."""
        return any(s.role != UNKNOWN for s in self.segments)

    def with_segments(self, segments: list[Segment]) -> Transcript:
        """The same transcript with other segments (e.g. the same ones with speakers and roles)."""
        return Transcript(text=self.text, language=self.language, duration=self.duration, segments=list(segments))

    @classmethod
    def from_segments(cls, segments: list[Segment], language: str, duration: float) -> Transcript:
        """Build a transcript whose text is its segments' text joined."""
        kept = [s for s in segments if s.text.strip()]
        text = " ".join(s.text.strip() for s in kept)
        return cls(text=text, language=language, duration=duration, segments=kept)
