"""The issue #5 benchmarks run end to end on small inputs (timings are printed by the benchmarks, never asserted)."""
import pytest

from bench.extraction import run_extraction_benchmark
from bench.memory import run_pipeline_memory_benchmark, run_upload_memory_benchmark

pytestmark = pytest.mark.slow


def test_extraction_benchmark_measures_all_three_methods(tmp_path):
    result = run_extraction_benchmark(minutes=0.5, runs=1, work_dir=tmp_path)
    methods = result["methods"]
    assert set(methods) == {"moviepy", "copy", "transcode"}
    for entry in methods.values():
        assert entry["size_bytes"] > 0
        assert entry["duration"] == pytest.approx(30, abs=1.5)
    assert methods["copy"]["codec"] == "aac" and methods["transcode"]["codec"] == "mp3"
    assert methods["transcode"]["sample_rate"] == 16000
    assert methods["transcode"]["size_bytes"] < methods["moviepy"]["size_bytes"]
    assert {"speedup", "size_ratio"} <= set(methods["copy"])


def test_pipeline_memory_benchmark_chunks_under_the_limit():
    result = run_pipeline_memory_benchmark(hours=0.05, max_bytes=1_000_000, baseline=False)
    ours = result["ours"]
    assert ours["chunks"] > 1 and ours["max_chunk_bytes"] <= 1_000_000
    assert ours["covered_until"] == pytest.approx(ours["duration"], abs=0.5)
    assert 0 < ours["python_peak_kb"] and 0 < ours["ffmpeg_peak_kb"]
    assert result["target_met"]["chunks_fit"]


def test_upload_memory_benchmark_streams_a_file_through_the_api():
    result = run_upload_memory_benchmark(size_mb=20, server="werkzeug")
    large = result["large"]
    assert large["status"] == 202, large["body"]
    assert large["body"]["media_size"] == 20 * 1024 * 1024
    assert max(result["stored_files_bytes"]) == 20 * 1024 * 1024
    assert large["rss_before_kb"] > 0 and large["rss_peak_kb"] >= large["rss_before_kb"]


def test_pipeline_benchmark_smoke_settles_every_evaluation_exactly_once(tmp_path):
    """The benchmark's own command in a child process: it builds an app (Celery, limiter) on a private Redis that
    must not become this process's."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    out = tmp_path / "pipeline-smoke.json"
    done = subprocess.run([sys.executable, "-m", "bench.pipeline.run", "--smoke", "--max-wait", "240",
                           "--json-out", str(out)], cwd=Path(__file__).resolve().parents[2], timeout=600,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    result = json.loads(out.read_text())
    main, integrity = result["main"], result["integrity"]
    assert main["all_settled"] and integrity["status"] == {"completed": 6}
    assert integrity["analyses_per_evaluation"] == [1] and not integrity["problems"] and not integrity["stuck"]
    assert main["ratio"] > 0 and main["work_overhead_ms"]["n"] == 6
    assert set(result["sequential"]["integrity"]["status"]) == {"completed"}  # the baseline and its warm-up


def test_api_load_benchmark_smoke_measures_every_scenario():
    import shutil

    from bench.api_load.run import run_api_load

    if shutil.which("wrk") is None:
        pytest.fail("wrk is missing: scripts/test.sh installs it (Debian package wrk)")
    result = run_api_load(evaluations=2_000, seconds=1, soak_minutes=0.25, warmup=0, connections=8,
                          wait_max=0)
    equivalence = result["equivalence"]  # run_api_load raises when the real list and a peer's pages differ
    assert equivalence["x_pagination_total"] > 0 and equivalence["other_tenant_status"] == 404
    assert equivalence["peer_roles"] == ["admin", "manager", "shopper"]
    assert equivalence["peer_other_tenant_status"] == [404, 404]
    totals = equivalence["totals_by_role"]
    assert totals["admin"] > totals["manager"] > 0 and totals["admin"] > totals["shopper"] > 0
    names = {r["name"] for r in result["results"]}
    assert {"bare Flask {ok}", "minimal list (raw SQL)", "real list", "real detail", "FastAPI port list",
            "floor list (authenticated)", "real list, manager", "real list, shopper"} <= names
    assert {"list_vs_fastapi_ratio", "list_vs_floor_ratio", "list_p95_ms"} <= set(result["targets"])
    for measured in result["results"]:
        assert measured["rps"] > 0 and measured["non_2xx"] == 0 and measured["socket_errors"] == 0, measured
    soak = result["soak"]
    assert soak["samples"] >= 2 and not soak["workers_restarted"] and soak["non_2xx"] == 0
