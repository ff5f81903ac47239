"""Runs the ffmpeg binary that moviepy ships (imageio-ffmpeg), so no system ffmpeg is needed."""

from __future__ import annotations

import subprocess
from functools import lru_cache

import imageio_ffmpeg

from siete.media.errors import UNREADABLE_MEDIA, MediaError


@lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    """Path of the bundled ffmpeg binary."""
    return imageio_ffmpeg.get_ffmpeg_exe()


def run_ffmpeg(args: list[str], *, timeout: float | None = None, check: bool = True) -> str:
    """Run ffmpeg with args and return its stderr (where it reports); raise MediaError when it fails."""
    command = [ffmpeg_exe(), "-hide_banner", "-nostdin", *args]
    try:
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired as exc:
        raise MediaError(UNREADABLE_MEDIA, f"ffmpeg did not finish within {timeout}s") from exc
    stderr = done.stderr.decode("utf-8", "replace")
    if check and done.returncode != 0:
        raise MediaError(UNREADABLE_MEDIA, f"ffmpeg failed: {last_line(stderr)}")
    return stderr


def read_pcm(src: str, start: float, length: float | None, *, rate: int = 16000,
             timeout: float | None = None) -> bytes:
    """Mono 16-bit PCM at `rate` of [start, start + length) of src, decoded by ffmpeg straight into memory: only
    that window is ever held, whatever the recording's length."""
    window = ["-t", f"{length:.3f}"] if length else []
    command = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-ss", f"{start:.3f}", *window, "-i", str(src),
               "-map", "0:a:0", "-vn", "-sn", "-dn", "-ac", "1", "-ar", str(rate), "-f", "s16le", "-"]
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise MediaError(UNREADABLE_MEDIA, f"ffmpeg did not finish within {timeout}s") from exc
    if done.returncode != 0:
        raise MediaError(UNREADABLE_MEDIA, f"ffmpeg failed: {last_line(done.stderr.decode('utf-8', 'replace'))}")
    return done.stdout


def last_line(text: str) -> str:
    """The last non-empty line of ffmpeg's log, which names the actual problem."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no output"
