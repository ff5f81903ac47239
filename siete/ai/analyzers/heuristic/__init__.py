"""Offline Spanish rules analyzer."""

from siete.ai.analyzers.heuristic.analyzer import HeuristicAnalyzer

__all__ = ["HeuristicAnalyzer"]
