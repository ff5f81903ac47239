"""Checks on an uploaded video before anything is stored: not empty, not too big, really a video, not too long."""
import shutil
import tempfile
from contextlib import contextmanager

from flask import current_app
from werkzeug.utils import secure_filename

from siete.core.errors import DomainError
from siete.evaluations.messages import message_for
from siete.media import MediaError, cut_short, probe

ACCEPTED_DECLARED = ("video/", "application/octet-stream")
QUICKTIME_ATOMS = (b"ftyp", b"moov", b"mdat", b"free", b"wide", b"skip")
# The type the server probed, by container; browsers play the first two inline, anything else is downloaded.
CONTAINER_TYPES = {"mp4": "video/mp4", "webm": "video/webm", "avi": "video/x-msvideo"}
PLAYABLE_TYPES = frozenset({"video/mp4", "video/webm"})


class UploadRefused(DomainError):
    """A refused video: an HTTP status, a stable `code` and the catalogue's text in the caller's language."""

    def __init__(self, code, status, **values):
        message = message_for(code, **values)
        super().__init__(message, {"files": {"video": [message]}})
        self.code, self.status = code, status


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
        raise UploadRefused("empty_file", 422)
    max_mb = current_app.config["MAX_UPLOAD_MB"]
    if size > max_mb * 1024 * 1024:
        raise UploadRefused("file_too_large", 413, max_mb=max_mb)
    declared = (upload.mimetype or "").lower()
    if declared and not declared.startswith(ACCEPTED_DECLARED):
        raise UploadRefused("unsupported_media_type", 415)
    container = sniff_container(upload.stream.read(16))
    upload.stream.seek(0)
    if container is None:
        raise UploadRefused("unsupported_media_type", 415)
    return container, size, secure_filename(upload.filename or "")[:255] or f"video.{container}"


def clock(seconds):
    """1:02:03 or 2:03: a length anyone reads the same in Spanish or English."""
    minutes, secs = divmod(int(round(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@contextmanager
def probed_copy(upload, container):
    """The upload as a file on disk (ffmpeg needs to seek), probed: refused unless whole, readable and no longer
    than MAX_VIDEO_SECONDS. Yields (path, duration); the copy is removed on exit."""
    with tempfile.NamedTemporaryFile(prefix="siete-upload-", suffix=f".{container}",
                                     dir=current_app.config.get("MEDIA_WORK_DIR")) as copy:
        shutil.copyfileobj(upload.stream, copy, 1024 * 1024)
        copy.flush()
        upload.stream.seek(0)
        if cut_short(copy.name):
            raise UploadRefused("truncated_media", 422)
        try:
            info = probe(copy.name)
        except MediaError:
            raise UploadRefused("unreadable_media", 422) from None
        if not info.duration:
            raise UploadRefused("unreadable_media", 422)
        limit = current_app.config["MAX_VIDEO_SECONDS"]
        if info.duration > limit:
            raise UploadRefused("video_too_long", 422, duration=clock(info.duration), limit=clock(limit))
        yield copy.name, info.duration
