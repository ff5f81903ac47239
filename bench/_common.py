"""Shared benchmark helpers: cached test media made with the bundled ffmpeg, machine facts, RSS readings."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a plain script: python bench/<name>.py

import imageio_ffmpeg

CACHE = Path(os.environ.get("BENCH_CACHE_DIR", ROOT / "var" / "bench"))
FIXTURES = ROOT / "tests" / "fixtures" / "media"
SPEECH_FIXTURES = ("good_service.mp4", "mixed_service.mp4", "poor_service.mp4")
MB = 1024 * 1024
BASE_AUDIO_SECONDS = 600  # longer tracks loop this one with stream copy instead of encoding hours of AAC
PHONE_AUDIO = ["-c:a", "aac", "-b:a", "128k", "-ar", "44100", "-ac", "2"]  # a typical phone recording


def ffmpeg_exe() -> str:
    return imageio_ffmpeg.get_ffmpeg_exe()


def ffmpeg(args: list[str], *, timeout: float = 900) -> None:
    """Run the bundled ffmpeg; raise with the end of its log when it fails or overruns."""
    command = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y", *args]
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout, check=False)
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace")[-2000:]
        raise RuntimeError(f"ffmpeg failed ({done.returncode}): {' '.join(command)}\n{tail}")


def _cached(name: str, make) -> Path:
    """CACHE/name, made once by make(tmp_path) and renamed into place so a killed run leaves no half file."""
    CACHE.mkdir(parents=True, exist_ok=True)
    target = CACHE / name
    if not target.is_file():
        partial = target.with_name(f".{os.getpid()}.{target.name}")
        try:
            make(partial)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    return target


def speech_wav() -> Path:
    """The three espeak-ng dialogue fixtures back to back (about 2 min), 44.1 kHz stereo, with faint shop noise."""
    def make(out: Path) -> None:
        inputs = [arg for name in SPEECH_FIXTURES for arg in ("-i", str(FIXTURES / name))]
        graph = ("[0:a][1:a][2:a]concat=n=3:v=0:a=1,aresample=44100,aformat=channel_layouts=stereo[s];"
                 "anoisesrc=c=pink:r=44100:a=0.01,aformat=channel_layouts=stereo[n];"
                 "[s][n]amix=inputs=2:duration=first:normalize=0[a]")
        ffmpeg([*inputs, "-filter_complex", graph, "-map", "[a]", "-c:a", "pcm_s16le", "-f", "wav", str(out)])
    return _cached("speech-44k-stereo.wav", make)


def audio_track(seconds: float) -> Path:
    """AAC 128 kbps stereo 44.1 kHz speech of the given length (looped dialogue), cached."""
    seconds = round(seconds, 3)
    if seconds > BASE_AUDIO_SECONDS:
        base = audio_track(BASE_AUDIO_SECONDS)

        def make(out: Path) -> None:
            ffmpeg(["-stream_loop", "-1", "-i", str(base), "-t", f"{seconds}", "-map", "0:a", "-c", "copy",
                    "-f", "mp4", str(out)])
    else:
        wav = speech_wav()

        def make(out: Path) -> None:
            ffmpeg(["-stream_loop", "-1", "-i", str(wav), "-t", f"{seconds}", "-map", "0:a", *PHONE_AUDIO,
                    "-f", "mp4", str(out)])
    return _cached(f"speech-{seconds:g}s-aac128k.m4a", make)


def speech_video(seconds: float, *, size: str = "320x180", fps: float = 15) -> Path:
    """An mp4 of `seconds` with a small H.264 test-pattern track and the speech audio track (copied), cached."""
    seconds = round(seconds, 3)
    audio = audio_track(seconds)

    def make(out: Path) -> None:
        ffmpeg(["-f", "lavfi", "-i", f"testsrc2=size={size}:rate={fps}", "-i", str(audio), "-t", f"{seconds}",
                "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "32",
                "-pix_fmt", "yuv420p", "-c:a", "copy", "-movflags", "+faststart", "-f", "mp4", str(out)],
               timeout=max(900, seconds))
    return _cached(f"speech-{seconds:g}s-{size}-{fps:g}fps.mp4", make)


def median(values: list[float]) -> float:
    return statistics.median(values)


def machine() -> dict:
    """Facts a reader needs to compare numbers across machines."""
    meminfo = _proc_fields("/proc/meminfo")
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": len(os.sched_getaffinity(0)),
        "cpu_model": model,
        "mem_total_gib": round(meminfo.get("MemTotal", 0) / MB, 1),
        "loadavg_1min": os.getloadavg()[0],
        "python": platform.python_version(),
        "kernel": platform.release(),
        "ffmpeg": Path(ffmpeg_exe()).name,
    }


def _proc_fields(path: str) -> dict[str, int]:
    """`Name: 123 kB` lines of a /proc file as {name: kB}; {} when the file is gone."""
    fields = {}
    try:
        text = Path(path).read_text()
    except OSError:
        return fields
    for line in text.splitlines():
        name, _, value = line.partition(":")
        parts = value.split()
        if parts and parts[0].isdigit():
            fields[name] = int(parts[0])
    return fields


def rss_kb(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak) of a live process in kB, 0 when it has exited."""
    fields = _proc_fields(f"/proc/{pid}/status")
    return {"rss": fields.get("VmRSS", 0), "hwm": fields.get("VmHWM", 0)}


def reset_peak(pid: int) -> bool:
    """Reset a process's VmHWM (Linux clear_refs 5) so the next peak is this run's; False when not allowed."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def descendants(pid: int) -> list[int]:
    """pid's living descendants (Linux /proc/<pid>/task/*/children)."""
    found, todo = [], [pid]
    while todo and len(found) < 10_000:
        current = todo.pop()
        try:
            tasks = list(Path(f"/proc/{current}/task").iterdir())
        except OSError:
            continue
        for task in tasks:
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
            found.extend(children)
            todo.extend(children)
    return found


class RssSampler:
    """Polls the summed RSS of a process (optionally with its descendants) in a thread; keeps the peak, and the
    largest VmHWM any descendant showed (its own peak since exec; one shorter than the interval may be missed)."""

    def __init__(self, pid: int, *, tree: bool = False, interval: float = 0.02):
        self.pid, self.tree, self.interval = pid, tree, interval
        self.peak_kb = 0
        self.child_hwm_kb = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            total = rss_kb(self.pid)["rss"]
            for pid in descendants(self.pid) if self.tree else []:
                reading = rss_kb(pid)
                total += reading["rss"]
                self.child_hwm_kb = max(self.child_hwm_kb, reading["hwm"])
            self.peak_kb = max(self.peak_kb, total)
            self.samples += 1
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def mib(kb: float) -> float:
    return round(kb / 1024, 1)


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result
