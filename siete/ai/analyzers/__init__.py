"""Analyzers behind one interface, chosen by name: openai (GPT, structured output) or heuristic (offline rules)."""

from __future__ import annotations

from siete.ai.analyzers.base import AnalysisContext, AnalysisResult, Analyzer
from siete.ai.analyzers.heuristic import HeuristicAnalyzer
from siete.ai.analyzers.openai_chat import OpenAIAnalyzer
from siete.ai.errors import AI_NOT_CONFIGURED, PermanentAIError

ANALYZERS: dict[str, type[Analyzer]] = {"openai": OpenAIAnalyzer, "heuristic": HeuristicAnalyzer}


def get_analyzer(name: str, **settings) -> Analyzer:
    """Build the named analyzer with keyword settings (see each class for the ones it takes)."""
    try:
        factory = ANALYZERS[name]
    except KeyError:
        raise PermanentAIError(AI_NOT_CONFIGURED, f"unknown analyzer {name!r}; use one of {sorted(ANALYZERS)}") from None
    return factory(**settings)


__all__ = ["ANALYZERS", "AnalysisContext", "AnalysisResult", "Analyzer", "HeuristicAnalyzer", "OpenAIAnalyzer",
           "get_analyzer"]
