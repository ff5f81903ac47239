"""Checks on an uploaded video before anything is stored: not empty, not too big, really a video."""
from flask import current_app
from werkzeug.utils import secure_filename

from siete.core.errors import DomainError, Invalid

ACCEPTED_DECLARED = ("video/", "application/octet-stream")
QUICKTIME_ATOMS = (b"ftyp", b"moov", b"mdat", b"free", b"wide", b"skip")
# The type the server probed, by container; browsers play the first two inline, anything else is downloaded.
CONTAINER_TYPES = {"mp4": "video/mp4", "webm": "video/webm", "avi": "video/x-msvideo"}
PLAYABLE_TYPES = frozenset({"video/mp4", "video/webm"})


class PayloadTooLarge(DomainError):
    status = 413


class UnsupportedMediaType(DomainError):
    status = 415


def sniff_container(head: bytes):
    """The container named by the file's first bytes (never by its name or declared type)."""
    if len(head) >= 8 and head[4:8] in QUICKTIME_ATOMS:
        return "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    if head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return "avi"
    return None


def _size(stream):
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    return size


def inspect_video(upload):
    """Return (extension, size, safe display name) or raise a 413/415/422 naming the field."""
    size = _size(upload.stream)
    if size == 0:
        raise Invalid({"video": ["The file is empty"]}, message="Invalid video")
    limit = current_app.config["MAX_UPLOAD_MB"] * 1024 * 1024
    if size > limit:
        raise PayloadTooLarge(f"The video is larger than {current_app.config['MAX_UPLOAD_MB']} MB")
    declared = (upload.mimetype or "").lower()
    if declared and not declared.startswith(ACCEPTED_DECLARED):
        raise UnsupportedMediaType(f"Expected a video, got {declared}")
    container = sniff_container(upload.stream.read(16))
    upload.stream.seek(0)
    if container is None:
        raise UnsupportedMediaType("The file is not a video this platform can read (mp4, mov, webm, mkv, avi)")
    return container, size, secure_filename(upload.filename or "")[:255] or f"video.{container}"
