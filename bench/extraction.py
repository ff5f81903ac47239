"""Audio extraction: siete.media.extract_audio (stream copy and transcode) against moviepy's write_audiofile.

Usage: python bench/extraction.py [--minutes 10] [--runs 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import CACHE, MB, machine, median, speech_video, timed
from siete.media import extract_audio, probe

TARGET_SPEEDUP = 10.0
TARGET_SIZE_RATIO = 0.25
FORCED_CODEC = "bench-forced-transcode"  # not in WHISPER_CONTAINERS, so extract_audio takes its transcode branch


def moviepy_baseline(src: Path, dst_dir: Path) -> Path:
    """The baseline from the issue: VideoFileClip(path).audio.write_audiofile(out.mp3) (moviepy defaults)."""
    from moviepy import VideoFileClip

    out = dst_dir / "baseline.mp3"
    clip = VideoFileClip(str(src))
    try:
        clip.audio.write_audiofile(str(out), logger=None)
    finally:
        clip.close()
    return out


def ours_copy(src: Path, dst_dir: Path) -> Path:
    """What the pipeline runs: probe, then extract_audio picks its path (stream copy for AAC)."""
    result = extract_audio(src, dst_dir)
    if result.transcoded:
        raise RuntimeError("expected the stream-copy path for an AAC source")
    return result.path


def ours_transcode(src: Path, dst_dir: Path) -> Path:
    """extract_audio's transcode branch (16 kHz mono 32 kbps mp3), reached by handing it probe facts that name a
    codec Whisper does not take; the API has no flag to force it. Probe time is included, as in ours_copy."""
    info = dataclasses.replace(probe(src), audio_codec=FORCED_CODEC)
    result = extract_audio(src, dst_dir, info=info)
    if not result.transcoded:
        raise RuntimeError("expected the transcode path")
    return result.path


def _cpu_seconds(before, after) -> float:
    """CPU time of this process and its waited-for children (ffmpeg) between two os.times() readings."""
    return sum(after[i] - before[i] for i in range(4))


METHODS = {"moviepy": moviepy_baseline, "copy": ours_copy, "transcode": ours_transcode}


def run_extraction_benchmark(minutes: float = 10.0, runs: int = 3, *, work_dir: str | Path | None = None,
                             verbose: bool = False) -> dict:
    """Time every method `runs` times (interleaved, after one untimed warm-up round) on a cached `minutes`-long
    speech video; return the figures.

    The result has, per method, the run times, the median, the output size and the output's probed duration,
    plus speedups and size ratios against the moviepy baseline and whether the issue's targets are met.
    """
    src = speech_video(minutes * 60)
    source = probe(src)
    parent = Path(work_dir) if work_dir else CACHE / "tmp"
    parent.mkdir(parents=True, exist_ok=True)
    times = {name: [] for name in METHODS}
    cpu = {name: [] for name in METHODS}
    outputs = {}
    for name, method in METHODS.items():  # untimed: imports moviepy, warms the page cache
        dst_dir = Path(tempfile.mkdtemp(prefix=f"warmup-{name}-", dir=parent))
        try:
            method(src, dst_dir)
        finally:
            shutil.rmtree(dst_dir, ignore_errors=True)
    for run in range(runs):
        for name, method in METHODS.items():
            dst_dir = Path(tempfile.mkdtemp(prefix=f"extract-{name}-", dir=parent))
            try:
                before = os.times()
                seconds, out = timed(method, src, dst_dir)
                times[name].append(seconds)
                cpu[name].append(_cpu_seconds(before, os.times()))
                if run == 0:
                    out_info = probe(out)
                    outputs[name] = {"path_suffix": out.suffix, "size_bytes": out.stat().st_size,
                                     "duration": round(out_info.duration, 2), "codec": out_info.audio_codec,
                                     "sample_rate": out_info.audio_sample_rate}
                if verbose:
                    print(f"  run {run + 1}/{runs} {name:<9} {seconds:7.3f} s", flush=True)
            finally:
                shutil.rmtree(dst_dir, ignore_errors=True)
    base_time, base_cpu = median(times["moviepy"]), median(cpu["moviepy"])
    base_size = outputs["moviepy"]["size_bytes"]
    methods = {}
    for name in METHODS:
        entry = {"times_s": [round(t, 4) for t in times[name]], "median_s": round(median(times[name]), 4),
                 "cpu_s": [round(t, 3) for t in cpu[name]], "median_cpu_s": round(median(cpu[name]), 3),
                 **outputs[name]}
        if name != "moviepy":
            speedup = base_time / median(times[name])
            size_ratio = outputs[name]["size_bytes"] / base_size
            entry["speedup"] = round(speedup, 2)
            entry["cpu_speedup"] = round(base_cpu / max(median(cpu[name]), 1e-3), 2)
            entry["size_ratio"] = round(size_ratio, 5)
            entry["speed_target_met"] = speedup >= TARGET_SPEEDUP
            entry["size_target_met"] = size_ratio <= TARGET_SIZE_RATIO
        methods[name] = entry
    return {
        "benchmark": "extraction", "machine": machine(), "loadavg_after": os.getloadavg()[0], "minutes": minutes,
        "runs": runs,
        "source": {"file": src.name, "size_bytes": source.size_bytes, "duration": source.duration,
                   "audio_codec": source.audio_codec, "audio_kbps": source.audio_bitrate_kbps,
                   "audio_hz": source.audio_sample_rate},
        "targets": {"speedup_at_least": TARGET_SPEEDUP, "size_ratio_at_most": TARGET_SIZE_RATIO},
        "methods": methods,
    }


def report(result: dict) -> str:
    src, m = result["source"], result["methods"]
    lines = [
        (f"Source: {src['file']} ({src['duration']:.0f} s, {src['size_bytes'] / MB:.1f} MiB, audio {src['audio_codec']} "
        f"{src['audio_kbps']} kb/s {src['audio_hz']} Hz); {result['runs']} runs each, interleaved, median"),
        (f"{'method':<10}{'median s':>9}{'runs s':>22}{'cpu s':>7}{'output':>11}{'speedup':>9}{'cpu':>7}"
        f"{'size':>8}  targets"),
    ]
    for name, entry in m.items():
        runs = ", ".join(f"{t:.2f}" for t in entry["times_s"])
        size = f"{entry['size_bytes'] / MB:.2f} MiB"
        head = f"{name:<10}{entry['median_s']:>9.3f}{runs:>22}{entry['median_cpu_s']:>7.2f}{size:>11}"
        if name == "moviepy":
            lines.append(f"{head}{'1.0x':>9}{'1.0x':>7}{'1.00000':>8}  baseline")
        else:
            verdict = (f"speed {'MET' if entry['speed_target_met'] else 'NOT met'}, "
                       f"size {'MET' if entry['size_target_met'] else 'NOT met'}")
            lines.append(f"{head}{entry['speedup']:>8.1f}x{entry['cpu_speedup']:>6.1f}x{entry['size_ratio']:>8.5f}"
                         f"  {verdict}")
    lines.append("Targets: >= 10x faster than the baseline, output <= 0.25 of the baseline's size.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    print(f"Preparing a {args.minutes:g}-minute speech video (cached under {CACHE}) ...", flush=True)
    result = run_extraction_benchmark(args.minutes, args.runs, verbose=True)
    print(json.dumps(result["machine"]))
    print(report(result))
    out = args.json or CACHE / f"extraction-{args.minutes:g}min-last.json"
    out.write_text(json.dumps(result, indent=2))
    print(f"figures: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
