"""The one interface every analyzer implements, with its input context and its result."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from siete.ai.criteria import Criterion
from siete.ai.errors import NO_SPEECH, PermanentAIError
from siete.ai.transcript import Transcript


@dataclass(frozen=True)
class AnalysisContext:
    """What the analysis knows besides the transcript; prompt_text/version override the default prompt; criteria
    are the company's own scorecard criteria that apply to this campaign (each gets a verdict with evidence)."""

    company_name: str = ""
    campaign_name: str = ""
    survey_answers: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None
    prompt_text: str | None = None
    prompt_version: str | None = None
    criteria: tuple[Criterion, ...] = ()

    def survey_lines(self) -> list[str]:
        """Survey answers as 'question: answer' lines, from a mapping or a list of {pregunta, respuesta}."""
        answers = self.survey_answers or []
        if isinstance(answers, Mapping):
            return [f"{question}: {_answer(answer)}" for question, answer in answers.items()]
        lines = []
        for item in answers:
            question = item.get("pregunta") or item.get("question") or item.get("question_text") or "Pregunta"
            answer = item.get("respuesta", item.get("answer", item.get("value")))
            lines.append(f"{question}: {_answer(answer)}")
        return lines


def _answer(value: Any) -> str:
    """An answer as text."""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return "sí" if value is True else "no" if value is False else str(value)


@dataclass(frozen=True)
class AnalysisResult:
    """Both views plus what produced them, as stored in evaluation_analysis."""

    analysis: str
    executive_view: str
    operative_view: dict[str, Any]
    provider: str
    model: str
    prompt_version: str
    usage: dict[str, int] = field(default_factory=dict)
    evidence: dict[str, Any] = field(default_factory=dict)  # quotes cited, verified and dropped (see evidence.py)
    evaluable: bool = True  # False: not enough conversation to judge (the views say so)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


class Analyzer(ABC):
    """Turns a transcript and its context into the executive and operative views."""

    name: str = ""

    @abstractmethod
    def analyze(self, transcript: Transcript, context: AnalysisContext | None = None) -> AnalysisResult:
        """Analyse one interaction; raise AIError subclasses on failure."""


def require_transcript(transcript: Transcript) -> Transcript:
    """Refuse to analyse an empty transcript (the transcriber should have said no_speech already)."""
    if transcript.is_empty:
        raise PermanentAIError(NO_SPEECH, "the transcript is empty: nothing to analyse")
    return transcript


def answer_json(executive_view: str, operative_view: dict[str, Any]) -> str:
    """The full answer as JSON text, the form the analysis column stores."""
    return json.dumps({"executive_view": executive_view, "operative_view": operative_view}, ensure_ascii=False)
