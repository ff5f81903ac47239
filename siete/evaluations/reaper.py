"""The reaper: restarts evaluations that stopped moving and fails them with a reason after too many attempts.

An evaluation's stage is running (a live worker reports its task active or reserved), waiting (its message is in a
queue), or neither: then nothing will ever move it (a Redis restart that ended the late-ack tasks and dropped their
restored messages, a worker SIGKILLed or gone). Seen neither in two reaper runs, it is restarted at once instead of
after the visibility timeout plus twice the stage's hard limit (hours)."""
import ast
import base64
import json
import logging
import time

from flask import current_app
from sqlalchemy import select

from siete.core import tenancy
from siete.core.models import utcnow
from siete.evaluations import lifecycle, pipeline
from siete.evaluations.models import Evaluation
from siete.extensions import db
from siete.core.redis_clients import redis_client

log = logging.getLogger(__name__)
NEVER_QUEUED_AFTER = 600  # seconds: the broker was down when the evaluation was submitted
INSPECT_TIMEOUT = 2.0
SIGHTINGS = "siete:reaper:unrun"  # Redis hash: evaluation id -> the stage start seen without a task, and when
MIN_SIGHTING_GAP = 5.0  # seconds between the two sightings (a message in flight between queue and worker)
PRIORITY_SEP = "\x06\x16"  # kombu's Redis transport keeps priority levels in lists named queue + sep + level


def quiet_seconds(evaluation, now):
    updated = evaluation.updated_at
    if updated.tzinfo is None:  # SQLite returns naive UTC
        updated = updated.replace(tzinfo=now.tzinfo)
    return (now - updated).total_seconds()


def reap(now=None):
    """Restart evaluations that stopped moving (lost messages, broker down at submit, a worker that died); after
    PIPELINE_MAX_ATTEMPTS fail them with a reason, so nothing stays in 'analyzing' forever."""
    from siete.evaluations.tasks import start_pipeline

    now = now or utcnow()
    config = current_app.config
    hard = {name: limit for name, (_soft, limit) in pipeline.time_limits(config["PIPELINE_TIME_SCALE"]).items()}
    redelivery = config["CELERY"].get("broker_transport_options", {}).get("visibility_timeout", 0)
    grace = config["PIPELINE_DEAD_WORKER_GRACE"]
    outcome = {"restarted": 0, "failed": 0}
    active = db.session.scalars(select(Evaluation).where(Evaluation.status.in_(lifecycle.ACTIVE))).all()
    db.session.commit()  # no transaction stays open while the workers answer
    quiet = [e for e in active if e.started_at is not None and quiet_seconds(e, now) >= grace]
    dead = restarted_workers({e.worker for e in quiet if e.status == "analyzing" and e.worker})
    abandoned = confirmed_abandoned(quiet) | {e.id for e in quiet if e.worker in dead}
    for evaluation in active:
        if evaluation.started_at is None:
            if not evaluation.media_key:
                continue  # a Stream upload still waiting for Cloudflare's webhook
            threshold = NEVER_QUEUED_AFTER
        elif evaluation.id in abandoned:
            threshold = grace
        else:
            threshold = redelivery + 2 * hard[pipeline.step_of_stage(evaluation.stage).name]
        if quiet_seconds(evaluation, now) < threshold:
            continue
        if evaluation.attempts >= config["PIPELINE_MAX_ATTEMPTS"]:
            with tenancy.tenant_scope(evaluation.company_id):
                lifecycle.fail(evaluation, "stuck", f"The analysis stopped at the {evaluation.stage} step "
                                                    f"{evaluation.attempts} times; an admin can reprocess it")
            outcome["failed"] += 1
        elif start_pipeline(evaluation.id, force=evaluation.started_at is not None):
            log.info("reaper restarted evaluation %s (stage %s)", evaluation.id, evaluation.stage)
            outcome["restarted"] += 1
    return outcome


def restarted_workers(identities):
    """The "node pid" identities whose node now answers with another pid: that process died (SIGKILL, OOM) and was
    restarted, so its stage will not finish (one sighting is proof enough). A silent node is not judged."""
    if not identities:
        return set()
    try:
        stats = current_app.extensions["celery"].control.inspect(timeout=INSPECT_TIMEOUT).stats() or {}
    except Exception:  # broker down: judge nothing, the visibility timeout still applies
        log.warning("reaper could not ask the workers for their pids", exc_info=True)
        return set()
    alive = {f"{node} {info.get('pid')}" for node, info in stats.items()}
    return {i for i in identities if i.rsplit(" ", 1)[0] in stats and i not in alive}


def confirmed_abandoned(quiet):
    """Ids of the quiet evaluations whose stage no live worker runs or holds and no queue carries, seen so in two
    runs at least MIN_SIGHTING_GAP apart on the same stage start. Nothing is judged without a Redis broker, when
    no worker answers, or for a stage whose worker's node did not answer (it may be busy, not dead)."""
    broker = current_app.config["CELERY"].get("broker_url", "")
    if not quiet or not broker.startswith(("redis://", "rediss://")):
        return set()
    try:
        view = _cluster_view(broker)
    except Exception:  # broker down: judge nothing now, the next run will
        log.warning("reaper could not see the workers and queues", exc_info=True)
        return set()
    if view is None:
        return set()
    nodes, running, queued, redis = view
    unrun = {}
    for evaluation in quiet:
        node = (evaluation.worker or "").rsplit(" ", 1)[0]
        if evaluation.id in running or evaluation.id in queued or (node and node not in nodes):
            continue
        unrun[evaluation.id] = str(evaluation.stage_started_at or evaluation.updated_at)
    return _second_sightings(redis, unrun)


def _cluster_view(broker):
    """(answering nodes, ids active or reserved on them, ids waiting in a queue, redis) or None if nobody answers."""
    inspect = current_app.extensions["celery"].control.inspect(timeout=INSPECT_TIMEOUT)
    active, reserved = inspect.active(), inspect.reserved()
    if not active and not reserved:
        return None
    running = set()
    for tasks in [*(active or {}).values(), *(reserved or {}).values()]:
        running.update(_evaluation_id(task.get("name"), task.get("args")) for task in tasks)
    client = redis_client(broker, "state")
    queued = set()
    for queue in _queues():
        for key in [queue, *(f"{queue}{PRIORITY_SEP}{level}" for level in (3, 6, 9))]:
            for raw in client.lrange(key, 0, -1):
                queued.add(_queued_evaluation_id(raw))
    return set(active or {}) | set(reserved or {}), running - {None}, queued - {None}, client


def _second_sightings(client, unrun):
    """Remember this run's sightings; return those seen the same way by an earlier run long enough ago."""
    now = time.time()
    before = {int(k): json.loads(v) for k, v in client.hgetall(SIGHTINGS).items()}
    confirmed, keep = set(), {}
    for evaluation_id, mark in unrun.items():
        earlier = before.get(evaluation_id)
        if earlier and earlier["mark"] == mark:
            keep[evaluation_id] = earlier
            if now - earlier["seen"] >= MIN_SIGHTING_GAP:
                confirmed.add(evaluation_id)
        else:
            keep[evaluation_id] = {"mark": mark, "seen": now}
    pipe = client.pipeline()
    pipe.delete(SIGHTINGS)
    if keep:
        pipe.hset(SIGHTINGS, mapping={str(k): json.dumps(v) for k, v in keep.items()})
    pipe.execute()
    return confirmed


def _queues():
    return {step.queue for step in pipeline.STEPS} | {s.api_queue for s in pipeline.STEPS if s.api_queue}


def _evaluation_id(name, args):
    if not (name or "").startswith(pipeline.TASK_PREFIX):
        return None
    if isinstance(args, str):  # older workers report the repr
        try:
            args = ast.literal_eval(args)
        except (ValueError, SyntaxError):
            return None
    return args[0] if args and isinstance(args[0], int) else None


def _queued_evaluation_id(raw):
    """The evaluation a queued kombu message is for (protocol 2: headers name the task, the body holds args)."""
    try:
        message = json.loads(raw)
        headers = message.get("headers") or {}
        body = message.get("body")
        if message.get("properties", {}).get("body_encoding") == "base64":
            body = base64.b64decode(body)
        args = json.loads(body)[0]
        return _evaluation_id(headers.get("task"), args)
    except (ValueError, TypeError, KeyError, IndexError):
        return None
