"""The reaper restarts a stage no live worker runs and no queue holds, within seconds of the grace, not hours."""
import time

import pytest
from sqlalchemy import select

from siete.core import tenancy
from siete.evaluations.models import Evaluation
from siete.evaluations.reaper import reap
from siete.extensions import db
from tests.pipeline.helpers import analyses_of, notifications_of, patient, submit, tenant

pytestmark = pytest.mark.slow
GRACE = 3  # PIPELINE_DEAD_WORKER_GRACE for these tests (production: 30 s)
REAP_EVERY = 2.0  # as beat would run it (production: PIPELINE_REAP_INTERVAL, 20 s)


def _fake_openai(monkeypatch, transcription_latency):
    from tests.fakes.media import MEDIA_DIR
    from tests.fakes.openai_server import FakeOpenAI, fixture_scripts

    fake = FakeOpenAI(scripts=fixture_scripts(MEDIA_DIR / "expectations.json")).start()
    fake.latency.update({"transcriptions": transcription_latency})
    env = {"TRANSCRIBER": "openai", "ANALYZER": "heuristic", "OPENAI_BASE_URL": fake.base_url,
           "OPENAI_API_KEY": fake.api_key, "OPENAI_TIMEOUT": "30"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return fake, env


def _states(ids):
    with tenancy.system_scope():
        rows = db.session.execute(select(Evaluation.id, Evaluation.status, Evaluation.stage)
                                  .where(Evaluation.id.in_(ids))).all()
        db.session.commit()
    return {i: (status, stage) for i, status, stage in rows}


def _reap_until_settled(ids, timeout):
    """Run the reaper every REAP_EVERY seconds until every evaluation completed or failed; the restarts it made."""
    restarted, deadline = 0, time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(status in ("completed", "failed") for status, _ in _states(ids).values()):
            break
        with tenancy.system_scope():
            restarted += reap()["restarted"]
            db.session.commit()
        time.sleep(REAP_EVERY)
    return restarted


def _assert_exactly_once(ids, world):
    for evaluation_id in ids:
        assert len(analyses_of(evaluation_id)) == 1
        assert notifications_of(evaluation_id)[("evaluation.completed", world["shopper"].id)] == 1


def test_a_redis_restart_that_loses_in_flight_late_ack_tasks_is_recovered_by_the_reaper(e2e_private_redis,
                                                                                        monkeypatch):
    """The broker dies while two transcriptions run (late ack): the worker ends them and cannot hand their messages
    back, Redis comes back empty, the worker's pid is unchanged. Only the reaper can move them: it must see that no
    live worker runs them and no queue holds them (two sightings), and restart them after the grace."""
    e2e = e2e_private_redis
    fake, env = _fake_openai(monkeypatch, transcription_latency=8.0)
    monkeypatch.setitem(e2e.app.config, "PIPELINE_DEAD_WORKER_GRACE", GRACE)
    world = tenant()
    ids = [submit(world, "good_service"), submit(world, "poor_service")]
    with e2e.worker(concurrency=2, **env):
        deadline = time.monotonic() + patient(30)
        while set(_states(ids).values()) != {("analyzing", "transcribing")}:
            assert time.monotonic() < deadline, _states(ids)
            time.sleep(0.1)
        time.sleep(0.5)  # both requests are with the fake OpenAI now
        e2e.redis_server.restart(down_seconds=2.0)
        restarted = _reap_until_settled(ids, timeout=patient(60))
        rows = e2e.wait_settled(ids, timeout=patient(30))
    fake.stop()
    assert [(rows[i].status, rows[i].error_code) for i in ids] == [("completed", None)] * 2
    assert restarted >= 1, "the evaluations completed without the reaper: the restart lost nothing this time"
    _assert_exactly_once(ids, world)
