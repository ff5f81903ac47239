"""Pulls the audio track out of a recording: stream copy when Whisper accepts the codec, else small mp3."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from siete.media.errors import NO_AUDIO_TRACK, MediaError
from siete.media.ffmpeg import run_ffmpeg
from siete.media.probe import MediaInfo, probe

# Codecs the Whisper API takes as they are, with the container extension it recognises.
WHISPER_CONTAINERS = {"aac": "m4a", "mp3": "mp3", "opus": "ogg", "vorbis": "ogg", "flac": "flac"}
TRANSCODE_ARGS = ["-ac", "1", "-ar", "16000", "-c:a", "libmp3lame", "-b:a", "32k"]
_WRITTEN_UNTIL = re.compile(r"time=(\d+):(\d\d):(\d\d(?:\.\d+)?)")


@dataclass(frozen=True)
class AudioFile:
    """An audio-only file ready for upload or local ASR; duration is what was actually written."""

    path: Path
    codec: str
    duration: float
    size_bytes: int
    transcoded: bool


def extract_audio(src: str | Path, dst_dir: str | Path, *, info: MediaInfo | None = None,
                  timeout: float | None = 3600) -> AudioFile:
    """Write src's first audio track into dst_dir; MediaError(no_audio_track) when it has none."""
    src, dst_dir = Path(src), Path(dst_dir)
    info = info or probe(src)
    if not info.has_audio:
        raise MediaError(NO_AUDIO_TRACK, f"{src.name} has no audio track")
    container = WHISPER_CONTAINERS.get(info.audio_codec or "")
    if container and not info.has_video and src.suffix.lower() == f".{container}":
        # Already what a copy would write (e.g. the pipeline's stored audio): spare an ffmpeg run.
        return AudioFile(src, info.audio_codec, info.duration, src.stat().st_size, transcoded=False)
    if container:
        dst = dst_dir / f"{src.stem}.audio.{container}"
        try:
            report = run_ffmpeg(["-y", "-i", str(src), "-map", "0:a:0", "-vn", "-sn", "-dn", "-c:a", "copy",
                                 *container_flags(container), str(dst)], timeout=timeout)
            return AudioFile(dst, info.audio_codec, written_seconds(report, info.duration), dst.stat().st_size,
                             transcoded=False)
        except MediaError:
            dst.unlink(missing_ok=True)  # an odd stream that will not copy still transcodes below
    dst = dst_dir / f"{src.stem}.audio.mp3"
    report = run_ffmpeg(["-y", "-i", str(src), "-map", "0:a:0", "-vn", "-sn", "-dn", *TRANSCODE_ARGS, str(dst)],
                        timeout=timeout)
    return AudioFile(dst, "mp3", written_seconds(report, info.duration), dst.stat().st_size, transcoded=True)


def written_seconds(report: str, default: float) -> float:
    """The output length from ffmpeg's final progress line, which saves probing the output again."""
    found = _WRITTEN_UNTIL.findall(report)
    if not found:
        return default
    hours, minutes, seconds = found[-1]
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def container_flags(container: str) -> list[str]:
    """Muxer flags that keep a copied stream seekable for later splitting."""
    return ["-movflags", "+faststart"] if container == "m4a" else []
