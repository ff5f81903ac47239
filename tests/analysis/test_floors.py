"""The issue's floors, measured on the team's test part (no rule was tuned on it)."""

from pathlib import Path

from siete.ai import get_analyzer
from siete.analysis.evaluation import evaluate
from siete.analysis.golden import load

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def test_the_heuristic_meets_the_issue_floors_on_the_test_part():
    figures = evaluate(load(CORPUS / "test.json"), get_analyzer("heuristic")).to_dict()
    assert figures["failed"] == []
    assert figures["agreement"] >= 0.9 and figures["exact_match"] >= 0.7, figures
    assert figures["high_churn_alert_recall"] == 1.0, figures["high_churn_missed"]
    assert figures["churn_pairwise_order"] >= 0.9
    assert figures["timestamp_hits"] >= 0.95 and figures["speaker_role_accuracy"] >= 0.95
