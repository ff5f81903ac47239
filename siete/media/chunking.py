"""Splits long audio by time into overlapping pieces that each fit an upload size limit."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from siete.media.audio import container_flags
from siete.media.ffmpeg import run_ffmpeg
from siete.media.probe import probe

SIZE_SAFETY = 0.9  # container overhead and bitrate variation make chunks a little larger than average
SHRINK = 0.8
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class AudioChunk:
    """One piece of a longer recording and where it starts in it."""

    path: Path
    start: float
    duration: float


def split_audio(path: str | Path, max_bytes: int, overlap_s: float = 2.0, dst_dir: str | Path | None = None,
                *, duration: float | None = None, timeout: float | None = 3600) -> list[AudioChunk]:
    """Cut path into stream-copied chunks of at most max_bytes that overlap by overlap_s seconds."""
    path = Path(path)
    size = path.stat().st_size
    duration = duration if duration is not None else probe(path).duration
    if size <= max_bytes:
        return [AudioChunk(path, 0.0, duration)]
    dst_dir = Path(dst_dir) if dst_dir else path.parent
    chunk_seconds = duration * max_bytes * SIZE_SAFETY / size
    for _ in range(MAX_ATTEMPTS):
        if chunk_seconds <= 2 * overlap_s:
            break
        chunks = _cut(path, dst_dir, duration, chunk_seconds, overlap_s, timeout)
        if all(chunk.path.stat().st_size <= max_bytes for chunk in chunks):
            return chunks
        for chunk in chunks:
            chunk.path.unlink(missing_ok=True)
        chunk_seconds *= SHRINK
    raise ValueError(f"cannot split {path.name} into chunks of {max_bytes} bytes with {overlap_s}s overlap")


def chunk_starts(duration: float, chunk_seconds: float, overlap_s: float) -> list[float]:
    """Start times so consecutive chunks of chunk_seconds overlap by overlap_s and cover duration."""
    starts, start = [0.0], 0.0
    while start + chunk_seconds < duration:
        start += chunk_seconds - overlap_s
        starts.append(round(start, 3))
    return starts


def _cut(path: Path, dst_dir: Path, duration: float, chunk_seconds: float, overlap_s: float,
         timeout: float | None) -> list[AudioChunk]:
    """Write every chunk with ffmpeg stream copy (seeking per chunk, so nothing is held in memory)."""
    container = path.suffix.lstrip(".")
    chunks = []
    for index, start in enumerate(chunk_starts(duration, chunk_seconds, overlap_s)):
        length = min(chunk_seconds, duration - start)
        dst = dst_dir / f"{path.stem}.part{index:04d}{path.suffix}"
        run_ffmpeg(["-y", "-ss", f"{start:.3f}", "-i", str(path), "-t", f"{length:.3f}", "-map", "0:a:0",
                    "-c", "copy", *container_flags(container), str(dst)], timeout=timeout)
        chunks.append(AudioChunk(dst, start, length))
    return chunks
