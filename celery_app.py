"""Celery entry point: `celery -A celery_app worker`."""
from siete import create_app

celery = create_app().extensions["celery"]
