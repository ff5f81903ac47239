"""WSGI entry point: `gunicorn wsgi:app`."""
from siete import create_app

app = create_app()
