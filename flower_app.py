"""Flower entry point: `python flower_app.py --port=5555 --basic-auth=user:password` (its /metrics behind auth too)."""
import sys

from siete.ops.flower import protect_metrics

if __name__ == "__main__":
    from celery_app import celery

    protect_metrics()
    celery.start(["flower", *sys.argv[1:]])
