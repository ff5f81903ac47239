"""A real worker on the real broker takes the Spanish fixtures from upload to analysis and notifications."""
import pytest

from siete.ai import validate_operative_view
from tests.fakes.media import expectations
from tests.pipeline.helpers import analyses_of, notifications_of, submit, tenant

pytestmark = pytest.mark.slow


def test_fixture_videos_are_analyzed_and_everyone_is_notified(e2e):
    world = tenant()
    ids = {name: submit(world, name) for name in ("good_service", "poor_service", "mixed_service")}
    with e2e.worker(concurrency=2):
        rows = e2e.wait_settled(list(ids.values()))
    for name, evaluation_id in ids.items():
        evaluation = rows[evaluation_id]
        assert (evaluation.status, evaluation.stage, evaluation.progress) == ("completed", "done", 100), (
            name, evaluation.error_code, evaluation.error_message)
        assert evaluation.duration_seconds == pytest.approx(expectations()[name]["duration"], abs=1.5)
        [analysis] = analyses_of(evaluation_id)
        validate_operative_view(analysis.operative_view)
        assert analysis.transcript["segments"] and analysis.executive_view
        assert (analysis.provider, analysis.transcriber) == ("heuristic", "local")
        assert analysis.prompt_version
        expected = expectations()[name]["calidad_basica"]
        assert analysis.operative_view["calidad_basica"] == expected
        notes = notifications_of(evaluation_id)
        assert notes[("evaluation.completed", world["shopper"].id)] == 1
        assert notes[("analysis.ready", world["manager"].id)] == 1
        assert notes[("analysis.ready", world["admin"].id)] == 1
    _assert_task_logs_carry_the_evaluation_id(e2e, ids["good_service"])
    ird = {name: analyses_of(i)[0].operative_view["IRD"]["score"] for name, i in ids.items()}
    assert ird["poor_service"] > ird["mixed_service"] > ird["good_service"]
    assert ("analysis.critical", world["admin"].id) in notifications_of(ids["poor_service"])
    assert not any(event == "analysis.critical" for event, _ in notifications_of(ids["good_service"]))


def _assert_task_logs_carry_the_evaluation_id(e2e, evaluation_id):
    import json
    from pathlib import Path

    lines = []
    for log in Path(e2e.env["SIETE_VAR_DIR"]).glob("worker-*.log"):
        for line in log.read_text(errors="replace").splitlines():
            if line.startswith("{"):
                lines.append(json.loads(line))
    mine = [r for r in lines if r.get("evaluation_id") == evaluation_id]
    assert {"transcribing done", "analyzing done"} <= {r["message"].split(" in ")[0] for r in mine}
    assert all(r["company_id"] is not None for r in mine)
