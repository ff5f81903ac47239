"""Still frames of the recording at the cited moments, for the evaluation PDF: one ffmpeg seek and one decoded frame
per moment, read from the stored video (a presigned URL on S3, so only the bytes around each moment travel)."""
import logging
from pathlib import Path

from siete.media.ffmpeg import run_ffmpeg
from siete.media.errors import MediaError

log = logging.getLogger(__name__)
MAX_FRAMES = 12
WIDTH = 320


def _source(storage, key):
    url = storage.url(key, expires=900)
    return url or str(storage.path(key))


def still_frames(storage, media_key, moments, folder):
    """{second: jpeg path} for the moments the video has a frame at; anything ffmpeg cannot give is left out."""
    if not media_key:
        return {}
    try:
        source = _source(storage, media_key)
    except (OSError, ValueError) as exc:
        log.info("no still frames for %s: %s", media_key, exc)
        return {}
    frames = {}
    for second in sorted({round(float(m), 1) for m in moments})[:MAX_FRAMES]:
        target = Path(folder) / f"frame-{second:08.1f}.jpg"
        try:
            run_ffmpeg(["-loglevel", "error", "-ss", f"{second:.2f}", "-i", source, "-frames:v", "1", "-an",
                        "-vf", f"scale={WIDTH}:-2", "-q:v", "5", "-y", str(target)], timeout=60, check=False)
        except MediaError:
            continue
        if target.is_file() and target.stat().st_size > 0:
            frames[second] = target
    return frames
