"""Two beat processes and a reports worker: a weekly schedule yields one report for the period, also after the beat
holding the lock stops and the other one takes over (RedBeat's lock plus the (schedule, period) key)."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from siete.core import tenancy
from siete.extensions import db
from siete.reports.models import Report, ReportSchedule
from siete.reports.periods import period_key
from tests.factories import CompanyFactory, UserFactory
from tests.pipeline.conftest import ROOT, e2e, e2e_database, e2e_redis_url  # noqa: F401 - committed database, worker env

pytestmark = pytest.mark.slow


def _spawn(e2e, name, args):  # noqa: F811
    log = Path(e2e.env["SIETE_VAR_DIR"]) / f"{name}.log"
    env = {**os.environ, **e2e.env, "REPORTS_SCHEDULE_INTERVAL": "1"}
    process = subprocess.Popen([sys.executable, "-m", "celery", "-A", "celery_app", *args], cwd=ROOT, env=env,
                               stdout=open(log, "wb"), stderr=subprocess.STDOUT, start_new_session=True)
    return process, log


def _count(log, text):
    return log.read_text(errors="replace").count(text) if log.exists() else 0


def _wait(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def _reports(schedule_id):
    with tenancy.system_scope():
        rows = db.session.scalars(select(Report).where(Report.schedule_id == schedule_id)
                                  .execution_options(populate_existing=True)).all()
        db.session.commit()
    return rows


def _stop(process, sig=signal.SIGTERM):
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def test_weekly_report_is_produced_once_per_period_with_two_beats(e2e):  # noqa: F811
    admin = UserFactory(admin=True, company=CompanyFactory(name="Banco Caribe"))
    with tenancy.system_scope():
        schedule = ReportSchedule(company_id=admin.company_id, name="Semanal", kind="evaluations_csv", filters={},
                                  frequency="weekly", recipient_ids=[admin.id], created_by_id=admin.id, active=True)
        db.session.add(schedule)
        db.session.commit()
    processes = []
    try:
        worker, _ = _spawn(e2e, "worker-reports", ["worker", "-Q", "reports,default", "-c", "1", "--pool", "prefork",
                                                    "-n", "reports@%h", "--without-mingle", "--without-gossip"])
        processes.append(worker)
        e2e._wait_ready(worker)
        first, first_log = _spawn(e2e, "beat-1", ["beat", "-l", "INFO", "--pidfile="])
        second, second_log = _spawn(e2e, "beat-2", ["beat", "-l", "INFO", "--pidfile="])
        processes += [first, second]
        due = "Sending due task enqueue-scheduled-reports"
        assert _wait(lambda: any(r.status == "completed" for r in _reports(schedule.id)), 90), \
            first_log.read_text() + second_log.read_text()
        holder, holder_log, other, other_log = ((first, first_log, second, second_log)
                                                if _count(first_log, due) else (second, second_log, first, first_log))
        sent_before = _count(holder_log, due)
        assert _wait(lambda: _count(holder_log, due) >= sent_before + 3, 30)  # beat kept asking, every second
        _stop(holder)  # the lock holder stops (a restart, a deploy): the other beat takes over
        assert _wait(lambda: _count(other_log, due) >= 3, 60), other_log.read_text()
        time.sleep(2)  # the worker drains what the new holder sent
        reports = _reports(schedule.id)
        assert len(reports) == 1, [(r.id, r.period) for r in reports]
        assert (reports[0].status, reports[0].period) == ("completed", period_key("weekly"))
    finally:
        for process in processes:
            _stop(process)
