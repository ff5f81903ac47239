"""Killed workers lose nothing and duplicate nothing: every evaluation completes with one analysis."""
import os
import signal
import time

import pytest
from sqlalchemy import select

from siete.core import tenancy
from siete.evaluations.models import Evaluation
from siete.extensions import db
from tests.pipeline.helpers import analyses_of, notifications_of, submit, tenant

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
    with e2e.worker(concurrency=1) as worker:
        deadline = time.monotonic() + 120
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
    monkeypatch.setenv("PIPELINE_TIME_SCALE", "0.003")  # visibility timeout ≈ 30 s instead of ≈ 2 h
    world = tenant()
    ids = [submit(world, "good_service"), submit(world, "poor_service")]
    worker = e2e.start_worker(concurrency=1, PIPELINE_TIME_SCALE="0.003")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if any(stage == "transcribing" for _s, stage in _stage_snapshot(ids).values()):
            break
        time.sleep(0.05)
    e2e.kill_hard(worker)
    assert any(status == "analyzing" for status, _ in _stage_snapshot(ids).values())
    with e2e.worker(concurrency=1, PIPELINE_TIME_SCALE="0.003"):
        rows = e2e.wait_settled(ids, timeout=150)
    assert [rows[i].status for i in ids] == ["completed", "completed"], [(rows[i].status, rows[i].error_code)
                                                                         for i in ids]
    _assert_exactly_once(ids, world)
