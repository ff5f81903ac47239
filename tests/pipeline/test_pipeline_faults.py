"""Killed workers lose nothing and duplicate nothing: every evaluation completes with one analysis."""
import os
import signal
import time

import pytest
from sqlalchemy import select

from siete.core import tenancy
from siete.evaluations.models import Evaluation
from siete.extensions import db
from tests.pipeline.helpers import analyses_of, notifications_of, patient, submit, tenant

pytestmark = pytest.mark.slow


def _stage_snapshot(ids):
    with tenancy.system_scope():
        rows = db.session.execute(select(Evaluation.id, Evaluation.status, Evaluation.stage)
                                  .where(Evaluation.id.in_(ids))).all()
        db.session.commit()
    return {i: (status, stage) for i, status, stage in rows}


def _assert_exactly_once(ids, world):
    for evaluation_id in ids:
        assert len(analyses_of(evaluation_id)) == 1
        notes = notifications_of(evaluation_id)
        assert notes[("evaluation.completed", world["shopper"].id)] == 1
        assert notes[("analysis.ready", world["admin"].id)] == 1
        assert set(notes.values()) == {1}


def test_sigkill_of_pool_children_at_different_stages_loses_nothing(e2e):
    world = tenant()
    ids = [submit(world, name) for name in ("good_service", "mixed_service", "poor_service", "good_service")]
    killed_at = []
    with e2e.worker(concurrency=1, PIPELINE_MAX_STAGE_KILLS=10) as worker:  # one stage may be hit twice here
        deadline = time.monotonic() + patient(40)
        targets = ["extracting", "transcribing", "analyzing", "transcribing", "notifying"]
        while targets and time.monotonic() < deadline:
            busy = [stage for status, stage in _stage_snapshot(ids).values() if status == "analyzing"]
            if targets[0] in busy:
                for child in e2e.pool_children(worker):
                    os.kill(child, signal.SIGKILL)
                killed_at.append(targets.pop(0))
                time.sleep(1.0)  # let the parent replace the child and requeue the message
            else:
                time.sleep(0.02)
        rows = e2e.wait_settled(ids)
    print("killed pool children at", killed_at)
    assert len(killed_at) >= 3, f"could only kill at {killed_at}"
    assert {"transcribing"} <= set(killed_at)
    assert [rows[i].status for i in ids] == ["completed"] * len(ids), [
        (rows[i].status, rows[i].error_code) for i in ids]
    _assert_exactly_once(ids, world)


def test_killed_worker_messages_come_back_after_a_restart(e2e, monkeypatch):
    """Time limits shrunk so the visibility timeout is ≈ 30 s instead of ≈ 2 h; the OpenAI providers (the fake,
    with latency) keep the work I/O-bound, so the short limits hold even on a loaded machine."""
    from tests.fakes.media import MEDIA_DIR
    from tests.fakes.openai_server import FakeOpenAI, fixture_scripts

    fake = FakeOpenAI(scripts=fixture_scripts(MEDIA_DIR / "expectations.json")).start()
    fake.latency.update({"transcriptions": 2.0, "chat": 0.3})
    env = {"PIPELINE_TIME_SCALE": "0.003", "TRANSCRIBER": "openai", "ANALYZER": "openai",
           "OPENAI_BASE_URL": fake.base_url, "OPENAI_API_KEY": fake.api_key, "OPENAI_TIMEOUT": "8"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    world = tenant()
    ids = [submit(world, "good_service"), submit(world, "poor_service")]
    worker = e2e.start_worker(concurrency=1, **env)
    deadline = time.monotonic() + patient(20)
    while time.monotonic() < deadline:
        if any(stage == "transcribing" for _s, stage in _stage_snapshot(ids).values()):
            break
        time.sleep(0.05)
    e2e.kill_hard(worker)
    assert any(status == "analyzing" for status, _ in _stage_snapshot(ids).values())
    with e2e.worker(concurrency=1, **env):
        rows = e2e.wait_settled(ids, timeout=patient(50))
    fake.stop()
    assert [rows[i].status for i in ids] == ["completed", "completed"], [(rows[i].status, rows[i].error_code)
                                                                         for i in ids]
    _assert_exactly_once(ids, world)


def test_the_reaper_restarts_a_stage_whose_worker_was_killed_and_restarted(e2e, monkeypatch):
    """Production time limits: the killed worker's message is unacked for the ≈ 2 h visibility timeout. The new
    process answers under the same node name with another pid, so the reaper restarts the chain at once."""
    from siete.evaluations.reaper import reap
    from tests.fakes.media import MEDIA_DIR
    from tests.fakes.openai_server import FakeOpenAI, fixture_scripts

    fake = FakeOpenAI(scripts=fixture_scripts(MEDIA_DIR / "expectations.json")).start()
    fake.latency.update({"transcriptions": 4.0, "chat": 0.3})
    env = {"TRANSCRIBER": "openai", "ANALYZER": "openai", "OPENAI_BASE_URL": fake.base_url,
           "OPENAI_API_KEY": fake.api_key, "OPENAI_TIMEOUT": "10"}
    monkeypatch.setitem(e2e.app.config, "PIPELINE_DEAD_WORKER_GRACE", 0)
    world = tenant()
    evaluation_id = submit(world, "good_service")
    worker = e2e.start_worker(concurrency=1, name="supervised", **env)
    deadline = time.monotonic() + patient(20)
    while _stage_snapshot([evaluation_id])[evaluation_id] != ("analyzing", "transcribing"):
        assert time.monotonic() < deadline, "the evaluation never reached transcribing"
        time.sleep(0.05)
    e2e.kill_hard(worker)
    with e2e.worker(concurrency=1, name="supervised", **env):
        with tenancy.system_scope():
            assert reap() == {"restarted": 1, "failed": 0}
            db.session.commit()
        rows = e2e.wait_settled([evaluation_id], timeout=patient(30))
    fake.stop()
    assert (rows[evaluation_id].status, rows[evaluation_id].attempts) == ("completed", 2), rows[evaluation_id].error_code
    _assert_exactly_once([evaluation_id], world)


def test_a_stage_killed_twice_by_the_os_fails_as_worker_killed_instead_of_looping(e2e):
    """An OOM kill puts the late-ack message back (reject_on_worker_lost) and the next child runs it again: after
    PIPELINE_MAX_STAGE_KILLS (2) killed starts of the same stage, the third start fails it with its own code."""
    from tests.fakes.media import MEDIA_DIR
    from tests.fakes.openai_server import FakeOpenAI, fixture_scripts

    fake = FakeOpenAI(scripts=fixture_scripts(MEDIA_DIR / "expectations.json")).start()
    fake.latency.update({"transcriptions": 5.0})
    env = {"TRANSCRIBER": "openai", "ANALYZER": "heuristic", "OPENAI_BASE_URL": fake.base_url,
           "OPENAI_API_KEY": fake.api_key, "OPENAI_TIMEOUT": "30"}
    world = tenant()
    evaluation_id = submit(world, "good_service")
    killed_starts = set()
    with e2e.worker(concurrency=1, **env) as worker:
        deadline = time.monotonic() + patient(60)
        while len(killed_starts) < 2 and time.monotonic() < deadline:
            stage, started = _stage_start(evaluation_id)
            if stage == "transcribing" and started not in killed_starts:  # a new start of the stage is running
                children = e2e.pool_children(worker)
                for child in children:
                    os.kill(child, signal.SIGKILL)
                killed_starts.add(started)
            time.sleep(0.05)
        rows = e2e.wait_settled([evaluation_id])
    fake.stop()
    assert len(killed_starts) == 2
    evaluation = rows[evaluation_id]
    assert (evaluation.status, evaluation.error_code) == ("failed", "worker_killed"), evaluation.error_message
    assert notifications_of(evaluation_id) == {("evaluation.failed", world["shopper"].id): 1}
    assert analyses_of(evaluation_id) == []


def _stage_start(evaluation_id):
    with tenancy.system_scope():
        row = db.session.execute(select(Evaluation.stage, Evaluation.stage_started_at)
                                 .where(Evaluation.id == evaluation_id)).one()
        db.session.commit()
    return tuple(row)
