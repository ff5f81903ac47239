"""Offline, deterministic analysis by Spanish rules: same views and schema as the GPT analyzer."""

from __future__ import annotations

from siete.ai.analyzers.base import AnalysisContext, AnalysisResult, Analyzer, answer_json, require_transcript
from siete.ai.analyzers.heuristic.executive import executive_view
from siete.ai.analyzers.heuristic.findings import detect
from siete.ai.analyzers.heuristic.scoring import operative_view
from siete.ai.transcript import Transcript

HEURISTIC_VERSION = "heuristic-es-1"


class HeuristicAnalyzer(Analyzer):
    """Rules over the transcript: quality checks, IOC/IRD/CES, inferred NPS, quotes with timestamps."""

    name = "heuristic"

    def analyze(self, transcript: Transcript, context: AnalysisContext | None = None) -> AnalysisResult:
        """Judge the interaction without any network call."""
        require_transcript(transcript)
        context = context or AnalysisContext()
        findings = detect(transcript)
        view = operative_view(findings)
        executive = executive_view(transcript, findings, view, context)
        return AnalysisResult(analysis=answer_json(executive, view), executive_view=executive, operative_view=view,
                              provider=self.name, model=HEURISTIC_VERSION, prompt_version=HEURISTIC_VERSION)
