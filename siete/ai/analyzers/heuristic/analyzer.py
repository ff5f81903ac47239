"""Offline, deterministic analysis by Spanish intent rules: same views and schema as the GPT analyzer."""

from __future__ import annotations

from siete.ai.analyzers.base import AnalysisContext, AnalysisResult, Analyzer, answer_json, require_transcript
from siete.ai.analyzers.evidence import verify_evidence
from siete.ai.analyzers.heuristic import criteria
from siete.ai.analyzers.heuristic.executive import executive_view
from siete.ai.analyzers.heuristic.findings import detect
from siete.ai.analyzers.heuristic.scoring import operative_view
from siete.ai.diarization import with_roles
from siete.ai.transcript import Transcript

HEURISTIC_VERSION = "heuristic-es-11"  # recorded on each analysis: calibration and the golden-set gate compare versions


class HeuristicAnalyzer(Analyzer):
    """Intents over each side's turns: quality checks, IOC/IRD/CES, inferred NPS, quotes with time and speaker."""

    name = "heuristic"

    def analyze(self, transcript: Transcript, context: AnalysisContext | None = None) -> AnalysisResult:
        """Judge the interaction without any network call."""
        require_transcript(transcript)
        context = context or AnalysisContext()
        transcript = with_roles(transcript)
        findings = detect(transcript, (context.company_name, context.campaign_name))
        view = {**operative_view(findings), "criterios": criteria.judge(findings, context.criteria)}
        view, verification = verify_evidence(view, transcript, context.criteria)
        executive = executive_view(transcript, findings, view, context)
        return AnalysisResult(analysis=answer_json(executive, view), executive_view=executive, operative_view=view,
                              provider=self.name, model=HEURISTIC_VERSION, prompt_version=HEURISTIC_VERSION,
                              evidence=verification.to_dict(), evaluable=findings.evaluable)
