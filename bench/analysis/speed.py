"""Offline pipeline speed on a 60-second recording: transcribe (local Whisper) + diarize + analyze (heuristic).

Usage: python -m bench.analysis.speed [--seconds 60] [--threads 2] [--runs 3]
Builds the recording from the corpus renders (rendering them with espeak-ng if missing), times each stage per
run, and reports the real-time factor (processing seconds / audio seconds; the issue's target is < 0.5 on 2
cores). Same-run baseline: transcription alone, so diarization's and analysis's share is visible.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import imageio_ffmpeg

from siete.ai import get_analyzer, get_transcriber
from siete.ai.diarization import diarize
from siete.analysis.golden import load
from siete.analysis.render import render_all

ROOT = Path(__file__).resolve().parents[2]
DIALOGUES = ("t05-concesionario-financiamiento", "t15-banco-tarjeta", "t13-hotel-reserva")


def recording(seconds: float, folder: Path) -> Path:
    """A single file of the given length made of consecutive corpus dialogues."""
    chosen = [d for d in load(ROOT / "corpus/test.json") if d.id in DIALOGUES]
    clean = render_all(chosen, ROOT / "var/corpus-renders", needed=("clean",))["clean"]
    listing = folder / "list.txt"
    listing.write_text("".join(f"file '{clean / f'{name}.m4a'}'\n" for name in DIALOGUES))
    out = folder / f"recording-{int(seconds)}s.m4a"
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-y", "-f", "concat", "-safe",
                    "0", "-i", str(listing), "-t", str(seconds), "-c:a", "aac", "-b:a", "32k", str(out)],
                   check=True, timeout=120)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    transcriber, analyzer = get_transcriber("local", cpu_threads=args.threads), get_analyzer("heuristic")
    with tempfile.TemporaryDirectory(prefix="siete-speed-") as tmp:
        path = recording(args.seconds, Path(tmp))
        transcriber.transcribe(path)  # load the model once, outside the timings
        runs = []
        for _ in range(args.runs):
            started = time.perf_counter()
            transcript = transcriber.transcribe(path)
            transcribed = time.perf_counter()
            diarized = diarize(path, transcript)
            diarized_at = time.perf_counter()
            analyzer.analyze(diarized)
            done = time.perf_counter()
            runs.append({"transcribe_s": transcribed - started, "diarize_s": diarized_at - transcribed,
                         "analyze_s": done - diarized_at, "total_s": done - started})
    median = {key: round(statistics.median(r[key] for r in runs), 3) for key in runs[0]}
    result = {"audio_seconds": args.seconds, "threads": args.threads, "runs": len(runs), "median": median,
              "real_time_factor": round(median["total_s"] / args.seconds, 3),
              "baseline_transcribe_only_rtf": round(median["transcribe_s"] / args.seconds, 3),
              "load_average": os.getloadavg(), "cpus": os.cpu_count()}
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
