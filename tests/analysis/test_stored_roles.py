"""Through a real worker: the stored transcript has a speaker and a role per segment, the stored analysis counts its
quotes, and the API's schema returns both."""

import pytest

from siete.analysis.schemas import AnalysisSchema
from tests.fakes.media import expectations
from tests.pipeline.conftest import e2e, e2e_database, e2e_redis_url  # noqa: F401 (the end-to-end fixtures)
from tests.pipeline.helpers import analyses_of, submit, tenant

pytestmark = pytest.mark.slow


def test_the_pipeline_stores_speakers_roles_and_verified_quotes(e2e):  # noqa: F811
    world = tenant()
    evaluation_id = submit(world, "good_service")
    with e2e.worker(concurrency=1):
        rows = e2e.wait_settled([evaluation_id])
    assert rows[evaluation_id].status == "completed", rows[evaluation_id].error_message
    [analysis] = analyses_of(evaluation_id)
    script = expectations()["good_service"]["script"]
    segments = analysis.transcript["segments"]
    for segment in segments:
        line = max(script, key=lambda ln: min(ln["fin"], segment["end"]) - max(ln["inicio"], segment["start"]))
        assert segment["role"] == line["rol"] and segment["speaker"] in ("S1", "S2"), segment
    evidence = analysis.analysis["evidence"]
    assert evidence["citadas"] > 0 and evidence["descartadas"] == 0 and evidence["citas_descartadas"] == []
    quotes = [e for group in analysis.operative_view["evidencias"].values() for kind in group.values() for e in kind]
    assert quotes and all(e["rol"] in ("empleado", "cliente") and e["hablante"] for e in quotes)
    shown = AnalysisSchema().dump(analysis)
    assert shown["transcript"]["segments"][0]["role"] == "empleado"
    assert shown["operative_view"]["evidencias"]["calidad_basica"]["saludo"][0]["rol"] == "empleado"
