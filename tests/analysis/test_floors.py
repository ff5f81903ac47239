"""The analysis floors on transcripts, measured on the team's test part (no rule was tuned on it)."""

from pathlib import Path

from siete.ai import get_analyzer
from siete.analysis.evaluation import evaluate
from siete.analysis.golden import load

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def test_the_heuristic_holds_its_measured_floors_on_the_test_part():
    figures = evaluate(load(CORPUS / "test.json"), get_analyzer("heuristic")).to_dict()
    assert figures["failed"] == []
    assert figures["agreement"] >= 0.9 and figures["exact_match"] >= 0.7, figures
    # i01–i20, k01–k20 (2026-12-07) and m01–m20 (2026-12-08) joined the test part untouched; five high-churn
    # visits among them go unalerted (three of m's seven): the "every high-churn dialogue alerted" is not
    # met there (bench/RESULTS.md); this guards the rest (24 of 29 alerted, two false alerts).
    assert figures["high_churn_alert_recall"] >= 0.8, figures["high_churn_missed"]
    assert len(figures["false_alerts"]) <= 2, figures["false_alerts"]
    assert figures["churn_pairwise_order"] >= 0.9
    assert figures["timestamp_hits"] >= 0.95 and figures["speaker_role_accuracy"] >= 0.95
