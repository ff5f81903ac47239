"""Where videos and extracted audio live: a local directory by default (S3/R2 arrives with the pipeline)."""
import os
import shutil
from pathlib import Path, PurePosixPath

from flask import current_app

CHUNK = 1024 * 1024


class StorageKeyError(ValueError):
    """A key that could escape the storage root."""


def _safe_key(key):
    path = PurePosixPath(key)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise StorageKeyError(f"unsafe storage key: {key!r}")
    return str(path)


class LocalStorage:
    """Files under one root directory; writes go to a temp name first so readers never see half a file."""

    def __init__(self, root):
        self.root = Path(root)

    def path(self, key):
        return self.root / _safe_key(key)

    def save(self, key, stream):
        """Copy a readable stream to `key` in fixed-size chunks; returns the byte count."""
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        with open(partial, "wb") as out:
            shutil.copyfileobj(stream, out, CHUNK)
        os.replace(partial, target)
        return target.stat().st_size

    def exists(self, key):
        return self.path(key).is_file()

    def open(self, key):
        return open(self.path(key), "rb")

    def delete(self, key):
        self.path(key).unlink(missing_ok=True)


def get_storage():
    """The app's configured storage backend."""
    storage = current_app.extensions.get("siete_storage")
    if storage is None:
        storage = LocalStorage(current_app.config["MEDIA_ROOT"])
        current_app.extensions["siete_storage"] = storage
    return storage
