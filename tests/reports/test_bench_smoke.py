"""The reports benchmark runs end to end on a small data set (its timings are printed, never asserted)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_reports_benchmark_exports_every_row_through_a_real_worker(tmp_path):
    out = tmp_path / "reports.json"
    done = subprocess.run([sys.executable, "-m", "bench.reports.run", "--evaluations", "2000", "--json-out", str(out)],
                          cwd=Path(__file__).resolve().parents[2], timeout=600, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    result = json.loads(out.read_text())
    assert result["evaluations_xlsx"]["rows"] == result["evaluations"] == result["verified_xlsx_rows"] > 1900
    assert result["evaluations_csv"]["rows"] == result["evaluations"]
    assert result["evaluations_xlsx"]["child_peak_rss_mb"] >= result["idle_child_rss_mb"] > 0
