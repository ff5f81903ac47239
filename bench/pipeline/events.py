"""Celery task events (the workers already send them: worker_send_task_events) captured in a thread, turned into
per-task timings: queued (sent), received, started, finished, runtime, and the evaluation id from the args."""

from __future__ import annotations

import ast
import threading
import time

TASK_EVENTS = {"task-sent", "task-received", "task-started", "task-succeeded", "task-failed", "task-retried",
               "task-rejected", "task-revoked"}


class EventRecorder:
    """Receives events from the broker until stopped; reconnects when the broker goes away (Redis restart)."""

    def __init__(self, celery):
        self.celery = celery
        self.tasks: dict[str, dict] = {}
        self.lock = threading.Lock()
        self.receiver = None
        self.disconnects = 0
        self.ready = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-events", daemon=True)

    def start(self, timeout: float = 10) -> EventRecorder:
        self._thread.start()
        self.ready.wait(timeout)
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self.receiver is not None:
            self.receiver.should_stop = True
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                with self.celery.connection_for_read() as conn:
                    self.receiver = self.celery.events.Receiver(conn, handlers={"*": self._on_event})
                    if self._stopping.is_set():
                        return
                    self.ready.set()
                    self.receiver.capture(limit=None, timeout=None, wakeup=False)
            except Exception:
                if self._stopping.is_set():
                    return
                self.disconnects += 1
                self._stopping.wait(0.5)

    def _on_event(self, event: dict) -> None:
        kind = event.get("type", "")
        if kind not in TASK_EVENTS:
            return
        stamp = event.get("timestamp") or time.time()
        with self.lock:
            task = self.tasks.setdefault(event["uuid"], {"uuid": event["uuid"], "events": []})
            task["events"].append((kind, stamp, event.get("hostname")))
            if event.get("name"):
                task["name"] = event["name"].rsplit(".", 1)[-1]
            if event.get("args") and "evaluation_id" not in task:
                try:
                    args = ast.literal_eval(event["args"])
                    if isinstance(args, (list, tuple)) and args and isinstance(args[0], int):
                        task["evaluation_id"] = args[0]
                except (ValueError, SyntaxError):
                    pass
            if kind == "task-sent":
                task.setdefault("sent", stamp)
            elif kind == "task-received":
                task["received"] = stamp
            elif kind == "task-started":
                task["started"] = stamp
            elif kind in ("task-succeeded", "task-failed"):
                task["finished"], task["state"] = stamp, kind[5:]
                if event.get("runtime") is not None:
                    task["runtime"] = float(event["runtime"])
            elif kind == "task-retried":
                task["retries"] = task.get("retries", 0) + 1

    def snapshot(self) -> list[dict]:
        with self.lock:
            return [dict(task, events=list(task["events"])) for task in self.tasks.values()]
