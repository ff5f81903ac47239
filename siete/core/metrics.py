"""Prometheus metrics: API latency by endpoint, pipeline stage durations and failures, queue depth."""
import hmac
import time

from flask import Response, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

QUEUES = ("default", "media", "ai")
REQUEST_LATENCY = Histogram("siete_http_request_duration_seconds", "API request latency",
                            ["method", "endpoint", "status"])
STAGE_DURATION = Histogram("siete_pipeline_stage_duration_seconds", "Time a pipeline step took",
                           ["stage"], buckets=(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600))
PIPELINE_FAILURES = Counter("siete_pipeline_failures_total", "Evaluations failed, by error code", ["error_code"])
PIPELINE_COMPLETED = Counter("siete_pipeline_completed_total", "Evaluations analyzed")


class QueueDepthCollector:
    """Messages waiting in each Celery queue, read from Redis at scrape time."""

    def __init__(self, redis_url):
        from siete.core.redis_clients import redis_client

        self._redis = redis_client(redis_url, "publish")

    def collect(self):
        gauge = GaugeMetricFamily("siete_queue_depth", "Messages waiting per Celery queue", labels=["queue"])
        for queue in QUEUES:
            gauge.add_metric([queue], self._redis.llen(queue))
        yield gauge


def exposition(app):
    """This process's metrics (or, with PROMETHEUS_MULTIPROC_DIR, every process's) plus queue depth."""
    from prometheus_client import REGISTRY

    multiproc_dir = app.config.get("PROMETHEUS_MULTIPROC_DIR")
    if multiproc_dir:
        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=multiproc_dir)
    else:
        registry = REGISTRY
    output = generate_latest(registry)
    broker = app.config["CELERY"].get("broker_url", "")
    if broker.startswith("redis"):
        queues = CollectorRegistry()
        queues.register(QueueDepthCollector(broker))
        output += generate_latest(queues)
    return output


def init_metrics(app):
    """Time every request; serve /metrics only to holders of METRICS_TOKEN (never open by default)."""

    @app.before_request
    def _start_timer():
        g.metrics_started = time.perf_counter()

    @app.after_request
    def _observe(response):
        started = g.pop("metrics_started", None)
        if started is not None and request.endpoint != "metrics":
            endpoint = request.url_rule.rule if request.url_rule else "unmatched"
            REQUEST_LATENCY.labels(request.method, endpoint, str(response.status_code)).observe(
                time.perf_counter() - started)
        return response

    @app.get("/metrics", endpoint="metrics")
    def metrics():
        token = current_app.config.get("METRICS_TOKEN")
        offered = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if not token or not hmac.compare_digest(offered.encode(), token.encode()):
            return Response("metrics require the METRICS_TOKEN bearer token\n", status=401,
                            headers={"WWW-Authenticate": 'Bearer realm="metrics"'})
        return Response(exposition(current_app), mimetype=CONTENT_TYPE_LATEST)
