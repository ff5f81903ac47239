"""The app's storage backend, built once per app from its config (siete.media.storage stays free of Flask)."""
from flask import current_app

from siete.media.storage import storage_from_config


def get_storage():
    """The configured backend (local directory or S3/R2) of the current app."""
    storage = current_app.extensions.get("siete_storage")
    if storage is None:
        storage = storage_from_config(current_app.config)
        current_app.extensions["siete_storage"] = storage
    return storage
