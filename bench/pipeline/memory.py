"""Media worker memory of local transcription: peak RSS for 10-minute, 1-hour and 3-hour recordings.

Usage:
  python -m bench.pipeline.memory                        10 min, 1 h, 3 h (windowed) + 10 min and 1 h whole-file baseline
  python -m bench.pipeline.memory --minutes 10 60 --baseline-minutes 10

Each run is a fresh interpreter that does what the media worker's transcribe step does with the stored audio:
`LocalTranscriber().transcribe(path)` (faster-whisper base, int8, VAD) — or, for the baseline measured in the same
run, the previous code path: faster-whisper decoding the whole file itself. The worker's peak is the interpreter's
own VmHWM; the windowed path also runs one ffmpeg at a time (Python waits for it), whose own peak is measured once
with /usr/bin/time on one 10-minute window and added. (A sampled tree sum and RUSAGE_CHILDREN over-count: a forked
child shows its parent's pages until it execs, see bench/RESULTS.md § 2.) The recordings are the three Spanish fixtures (2.5 min of speech) once
every 10 minutes, silence between: VAD skips the silence, so a 3-hour file takes minutes, while decoding, which
is what grew with length, still covers all of it. AAC 64 kb/s mono, like the audio the extract step stores.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench._common import CACHE, FIXTURES, ROOT, RssSampler, ffmpeg, machine, mib, rss_kb

UNIT_SECONDS = 600  # one block of speech every 10 minutes
FLAT_WITHIN = 0.20  # the target: 1 h and 3 h within 20 % of the 10-minute figure
CHILD_TIMEOUT = 3 * 3600


def recording(minutes: int) -> Path:
    """`minutes` of audio made of 10-minute units (speech, then silence), cached; stream-copied repeats."""
    CACHE.mkdir(parents=True, exist_ok=True)
    unit = CACHE / "sparse-speech-unit-600s.m4a"
    if not unit.is_file():
        inputs = [arg for name in ("good_service.mp4", "mixed_service.mp4", "poor_service.mp4")
                  for arg in ("-i", str(FIXTURES / name))]
        graph = ("[0:a][1:a][2:a]concat=n=3:v=0:a=1,aresample=16000,aformat=channel_layouts=mono,"
                 f"apad=whole_dur={UNIT_SECONDS}[a]")
        ffmpeg([*inputs, "-filter_complex", graph, "-map", "[a]", "-t", str(UNIT_SECONDS), "-c:a", "aac",
                "-b:a", "64k", str(unit)])
    target = CACHE / f"sparse-speech-{minutes}min.m4a"
    if not target.is_file():
        units = max(1, round(minutes * 60 / UNIT_SECONDS))
        listing = CACHE / f"sparse-speech-{minutes}min.txt"
        listing.write_text("".join(f"file '{unit}'\n" for _ in range(units)))
        ffmpeg(["-f", "concat", "-safe", "0", "-i", str(listing), "-c", "copy", "-movflags", "+faststart",
                str(target)])
        listing.unlink()
    return target


def _child(mode: str, path: str) -> dict:
    """In a fresh interpreter: transcribe as the worker does (windowed) or as it did (whole file)."""
    from siete.ai.transcribers.local_whisper import LocalTranscriber

    transcriber = LocalTranscriber()
    model = transcriber._model()  # loaded first, so both modes pay for it the same way
    loaded_kb = rss_kb(os.getpid())["rss"]
    start = time.perf_counter()
    if mode == "windowed":
        transcript = transcriber.transcribe(path)
        segments, words = len(transcript.segments), len(transcript.text.split())
    else:
        pieces, _info = model.transcribe(path, language="es", beam_size=5, vad_filter=True,
                                         vad_parameters={"min_silence_duration_ms": 500},
                                         condition_on_previous_text=False)
        found = list(pieces)
        segments, words = len(found), sum(len(p.text.split()) for p in found)
    import resource

    return {"mode": mode, "seconds": round(time.perf_counter() - start, 1), "segments": segments, "words": words,
            "python_loaded_kb": loaded_kb, "python_peak_kb": rss_kb(os.getpid())["hwm"],
            "ffmpeg_peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}


def ffmpeg_window_peak_kb(minutes: int) -> int:
    """ffmpeg's own peak RSS decoding one window of the recording to PCM, as read_pcm runs it (GNU time's %M)."""
    from siete.ai.transcribers.local_whisper import SAMPLE_RATE, WINDOW_SECONDS
    from siete.media import ffmpeg_exe

    command = ["/usr/bin/time", "-f", "%M", ffmpeg_exe(), "-hide_banner", "-nostdin", "-ss", "0", "-t",
               str(WINDOW_SECONDS), "-i", str(recording(minutes)), "-map", "0:a:0", "-vn", "-ac", "1", "-ar",
               str(SAMPLE_RATE), "-f", "s16le", "-"]
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
    return int(done.stderr.strip().splitlines()[-1])


def measure(mode: str, minutes: int) -> dict:
    """One child run with its process tree sampled; the worker's peak is Python's VmHWM (+ one ffmpeg, windowed)."""
    path = recording(minutes)
    command = [sys.executable, "-m", "bench.pipeline.memory", "_child", mode, str(path)]
    with (subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc,
          RssSampler(proc.pid, tree=True, interval=0.02) as sampler):
        out, err = proc.communicate(timeout=CHILD_TIMEOUT)
    if proc.returncode != 0:
        raise RuntimeError(f"{mode} {minutes} min failed:\n{err[-3000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    ffmpeg_kb = ffmpeg_window_peak_kb(minutes) if mode == "windowed" else 0  # the baseline decodes in-process
    result.update(minutes=minutes, tree_sampled_peak_kb=sampler.peak_kb, ffmpeg_own_peak_kb=ffmpeg_kb,
                  peak_kb=result["python_peak_kb"] + ffmpeg_kb)
    return result


def report(results: list[dict]) -> str:
    for r in results:  # figures saved before ffmpeg's own peak was measured get it now
        if "ffmpeg_own_peak_kb" not in r:
            r["ffmpeg_own_peak_kb"] = ffmpeg_window_peak_kb(r["minutes"]) if r["mode"] == "windowed" else 0
            r["peak_kb"] = r["python_peak_kb"] + r["ffmpeg_own_peak_kb"]
    shortest = min(r["minutes"] for r in results)
    base = {r["mode"]: r["peak_kb"] for r in results if r["minutes"] == shortest}
    rows = ["| recording | code path | transcription s | words | worker (Python) peak | + its ffmpeg | **peak** | "
            f"vs {shortest} min |", "|---|---|---|---|---|---|---|---|"]
    for r in results:
        rows.append(f"| {r['minutes']} min | {r['mode']} | {r['seconds']} | {r['words']} | "
                    f"{mib(r['python_peak_kb'])} MiB | {mib(r['ffmpeg_own_peak_kb'])} MiB | "
                    f"**{mib(r['peak_kb'])} MiB** | {r['peak_kb'] / base[r['mode']]:.2f}× |")
    windowed = [r for r in results if r["mode"] == "windowed"]
    flat = all(r["peak_kb"] <= (1 + FLAT_WITHIN) * base["windowed"] for r in windowed)
    rows.append(f"\nwindowed peak within {FLAT_WITHIN:.0%} of the {shortest}-minute figure at every length: "
                f"{'met' if flat else 'NOT met'}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_child"]:
        print(json.dumps(_child(argv[1], argv[2])))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=int, nargs="+", default=[10, 60, 180])
    parser.add_argument("--baseline-minutes", type=int, nargs="*", default=[10, 60])
    parser.add_argument("--report", type=Path, help="only print the table of a saved run (its JSON)")
    args = parser.parse_args(argv)
    if args.report:
        print(report(json.loads(args.report.read_text())))
        return 0
    print(json.dumps(machine()), flush=True)
    results = []
    for mode, lengths in (("whole-file (before)", args.baseline_minutes), ("windowed", args.minutes)):
        for minutes in lengths:
            print(f"{mode}: {minutes} min ...", flush=True)
            results.append(measure("whole-file" if mode.startswith("whole") else "windowed", minutes))
            print(json.dumps(results[-1]), flush=True)
    print(report(results))
    (CACHE / "pipeline-memory-last.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
