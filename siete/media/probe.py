"""Reads duration and audio stream facts from ffmpeg's header dump without decoding any frame."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from siete.media.errors import UNREADABLE_MEDIA, MediaError
from siete.media.ffmpeg import last_line, run_ffmpeg

_DURATION = re.compile(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)")
_AUDIO = re.compile(r"^\s*Stream #\d+:\d+\S*: Audio: (\w+)(.*)$", re.MULTILINE)
_HZ = re.compile(r"(\d+) Hz")
_KBPS = re.compile(r"(\d+) kb/s")
_VIDEO = re.compile(r"Stream #\d+:\d+\S*: Video: (\w+)")
_ESTIMATED = "Estimating duration from bitrate"  # raw streams (e.g. ADTS): the header guess can be far off
_DECODED_TIME = re.compile(r"time=(\d+):(\d\d):(\d\d(?:\.\d+)?)")


@dataclass(frozen=True)
class MediaInfo:
    """What the pipeline needs to know about a recording before touching its audio."""

    duration: float
    has_audio: bool
    audio_codec: str | None
    audio_sample_rate: int | None
    audio_bitrate_kbps: int | None
    has_video: bool
    size_bytes: int


def probe(path: str | Path, *, timeout: float = 120) -> MediaInfo:
    """Describe a media file; MediaError(unreadable_media) when ffmpeg cannot open it."""
    path = Path(path)
    if not path.is_file():
        raise MediaError(UNREADABLE_MEDIA, f"file not found: {path.name}")
    log = run_ffmpeg(["-i", str(path)], timeout=timeout, check=False)
    if "Input #0" not in log:
        raise MediaError(UNREADABLE_MEDIA, f"cannot read {path.name}: {last_line(log)}")
    audio = _AUDIO.search(log)
    declared = _hms(_DURATION.search(log))
    duration = declared if declared and _ESTIMATED not in log else _decoded_duration(path, timeout)
    return MediaInfo(
        duration=duration,
        has_audio=audio is not None,
        audio_codec=audio.group(1) if audio else None,
        audio_sample_rate=_first_int(_HZ, audio.group(2)) if audio else None,
        audio_bitrate_kbps=_first_int(_KBPS, audio.group(2)) if audio else None,
        has_video=_VIDEO.search(log) is not None,
        size_bytes=path.stat().st_size,
    )


def _first_int(pattern: re.Pattern, text: str) -> int | None:
    """The first integer the pattern captures in text, if any."""
    match = pattern.search(text)
    return int(match.group(1)) if match else None


def _hms(match: re.Match | None) -> float:
    """Seconds from an HH:MM:SS.ss match, 0 when absent."""
    if not match:
        return 0.0
    hours, minutes, seconds = match.groups()
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def real_end(path: str | Path, *, timeout: float = 600) -> float:
    """Where the container's data really ends, in seconds: every stream copied through ffmpeg, no decoding. A file
    cut in transit ends well before the duration its header declares; a complete one whose audio track stops a few
    seconds early still reaches its end (the video does)."""
    try:
        return _decoded_duration(Path(path), timeout)
    except MediaError:
        return 0.0  # ffmpeg gave up on damaged data: it ends before the declared length


def cut_short(path: str | Path) -> bool:
    """An MP4/MOV whose top-level boxes claim more bytes than the file holds: the upload stopped midway (with the
    index at the end, nothing else is left to read)."""
    path = Path(path)
    size, offset = path.stat().st_size, 0
    with path.open("rb") as stream:
        while offset + 8 <= size:
            stream.seek(offset)
            head = stream.read(16)
            box_size, kind = int.from_bytes(head[:4], "big"), head[4:8]
            if box_size == 1 and len(head) >= 16:
                box_size = int.from_bytes(head[8:16], "big")  # 64-bit size
            if offset == 0 and kind != b"ftyp":
                return False  # not an ISO media file: nothing to judge by
            if box_size == 0:
                return False  # "to the end of the file"
            if box_size < 8:
                return False
            offset += box_size
    return offset > size


def _decoded_duration(path: Path, timeout: float) -> float:
    """Duration of a container that declares none (browser webm) or only guesses it, by streaming it through ffmpeg."""
    log = run_ffmpeg(["-i", str(path), "-map", "0", "-c", "copy", "-f", "null", "-"], timeout=timeout)
    matches = list(_DECODED_TIME.finditer(log))
    return _hms(matches[-1]) if matches else 0.0
