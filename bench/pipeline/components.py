"""Where a step's non-AI time goes: each piece of the extract, transcribe and analyze steps timed alone, in one
process, against the fake OpenAI with no injected latency (median of --runs, after a warm-up).

Usage: python -m bench.pipeline.components [--runs 15]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench._common import CACHE, machine
from bench.pipeline import infra


def _time(fn, runs: int) -> dict:
    fn()  # warm-up
    values = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        values.append((time.perf_counter() - start) * 1000)
    return {"median_ms": round(statistics.median(values), 1), "min_ms": round(min(values), 1)}


def run_components(runs: int = 15) -> dict:
    from siete.ai.analyzers.openai_chat import OpenAIAnalyzer
    from siete.ai.openai_client import make_client
    from siete.ai.transcribers.openai_whisper import OpenAITranscriber
    from siete.ai.transcript import Transcript
    from siete.media import extract_audio, probe
    from tests.fakes.media import fixture_path

    fake = infra.timed_fake_openai(transcribe_latency=0.0, analyze_latency=0.0).start()
    results = {}
    try:
        video = fixture_path("good_service")
        work = Path(tempfile.mkdtemp(prefix="siete-bench-components-"))
        audio = extract_audio(video, work).path
        kwargs = {"api_key": fake.api_key, "base_url": fake.base_url}
        results["probe(video) — ffmpeg -i"] = _time(lambda: probe(video), runs)
        results["extract_audio(video) — stream copy"] = _time(lambda: extract_audio(video, work), runs)
        results["probe(audio) — the extract step's truncation check"] = _time(lambda: probe(audio), runs)
        results["make_client() — openai.OpenAI(...)"] = _time(lambda: make_client(**kwargs), runs)

        transcriber = OpenAITranscriber(**kwargs, max_retries=0)
        results["transcriber.transcribe(audio) — probe + copy + upload, new client each time"] = _time(
            lambda: OpenAITranscriber(**kwargs, max_retries=0).transcribe(audio), runs)
        results["transcriber.transcribe(audio) — same, client reused"] = _time(
            lambda: transcriber.transcribe(audio), runs)
        with audio.open("rb") as handle:
            data = handle.read()
        client = make_client(**kwargs)
        results["one transcription request alone, client reused"] = _time(
            lambda: client.audio.transcriptions.create(file=(audio.name, data), model="whisper-1",
                                                      response_format="verbose_json", language="es"), runs)
        transcript = transcriber.transcribe(audio)
        assert isinstance(transcript, Transcript)
        analyzer = OpenAIAnalyzer(**kwargs, max_retries=0)
        results["analyzer.analyze(transcript) — new client each time"] = _time(
            lambda: OpenAIAnalyzer(**kwargs, max_retries=0).analyze(transcript), runs)
        results["analyzer.analyze(transcript) — client reused"] = _time(lambda: analyzer.analyze(transcript), runs)
    finally:
        fake.stop()
    return {"machine": machine(), "runs": runs, "components": results}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    result = run_components(args.runs)
    print(f"load average {result['machine']['loadavg_1min']:.2f}; median of {args.runs} (min)")
    print("| piece | median ms | min ms |\n|---|---|---|")
    for name, value in result["components"].items():
        print(f"| {name} | {value['median_ms']} | {value['min_ms']} |")
    out = CACHE / "pipeline-components-last.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
