"""The transcription vocabulary's effect on WER: local Whisper with no hints, hotwords and initial_prompt.

Usage: python -m bench.analysis.vocabulary [--labels corpus/vocabulary.json] [--modes off hotwords prompt]
       [--variants clean noisy] [--threads 2] [--json FILE]
Renders the dialogues (espeak-ng, clean and with store noise at 10 dB SNR, under var/corpus-renders unless
already there), transcribes each with local Whisper in every mode (no cache: each mode really runs), diarizes and
analyses as the pipeline does, and reports per variant and mode: WER over all words, WER over the words of the
visit's names (company, campaign, branch, city, terms, where the reference says them), the share of spoken name
occurrences transcribed whole, and the five-check agreement / exact match of the heuristic analyzer.
Baseline in the same run: mode off (the transcription before this change).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from siete.ai import get_analyzer, get_transcriber
from siete.ai.text import words
from siete.ai.vocabulary import Vocabulary
from siete.analysis.evaluation import evaluate, word_alignment
from siete.analysis.golden import Dialogue, load
from siete.analysis.render import render_all

ROOT = Path(__file__).resolve().parents[2]
MODES = ("off", "hotwords", "prompt")


def visit_vocabulary(dialogue: Dialogue) -> Vocabulary:
    """The vocabulary the pipeline would build for this visit (siete.vocabulary.service does it from the rows)."""
    names = dialogue.names
    return Vocabulary.for_visit(names.get("company"), names.get("campaign"), names.get("branch"),
                                names.get("terms", []), names.get("city"))


def name_spans(dialogue: Dialogue) -> list[tuple[int, int]]:
    """(start, end) word positions in the reference where one of the visit's names is said."""
    reference = words(" ".join(t["texto"] for t in dialogue.turns))
    spans = []
    for term in visit_vocabulary(dialogue).terms:
        wanted = words(term)
        for start in range(len(reference) - len(wanted) + 1):
            if reference[start:start + len(wanted)] == wanted:
                spans.append((start, start + len(wanted)))
    return spans


def name_scores(dialogue: Dialogue, hypothesis: str) -> dict[str, int]:
    """Name words and name occurrences in the reference, and how many an optimal alignment keeps unchanged."""
    _, kept = word_alignment(" ".join(t["texto"] for t in dialogue.turns), hypothesis)
    spans = name_spans(dialogue)
    positions = sorted({i for start, end in spans for i in range(start, end)})
    return {"name_words": len(positions), "name_words_kept": sum(kept[i] for i in positions),
            "names": len(spans), "names_whole": sum(all(kept[start:end]) for start, end in spans)}


def run(dialogues: list[Dialogue], variant_dir: Path, mode: str, threads: int) -> dict:
    """One variant × mode: the transcriber, the heuristic analyzer, and the figures."""
    transcriber = get_transcriber("local", cpu_threads=threads, vocabulary_mode=mode)
    started = time.perf_counter()
    report = evaluate(dialogues, get_analyzer("heuristic"), transcriber, variant_dir, cache=False,
                      vocabulary=visit_vocabulary if mode != "off" else None)
    seconds = time.perf_counter() - started
    summary = report.to_dict()
    done = {c.id: c for c in report.cases if c.error is None}
    totals = {"name_words": 0, "name_words_kept": 0, "names": 0, "names_whole": 0}
    for dialogue in dialogues:
        if dialogue.id in done:
            for key, value in name_scores(dialogue, done[dialogue.id].hypothesis or "").items():
                totals[key] += value
    return {"mode": mode, "dialogues": len(done), "failed": summary["failed"], "mean_wer": summary["mean_wer"],
            "name_wer": round(1 - totals["name_words_kept"] / totals["name_words"], 4) if totals["name_words"] else None,
            "names_whole": f"{totals['names_whole']}/{totals['names']}", "agreement": summary["agreement"],
            "exact_match": summary["exact_match"], "seconds": round(seconds, 1),
            "per_dialogue_wer": {c.id: c.wer for c in report.cases}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", default=str(ROOT / "corpus/vocabulary.json"))
    parser.add_argument("--renders", default=str(ROOT / "var/corpus-renders"))
    parser.add_argument("--modes", nargs="+", default=list(MODES), choices=MODES)
    parser.add_argument("--variants", nargs="+", default=["clean", "noisy"], choices=["clean", "noisy"])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    dialogues = [d for d in load(args.labels) if d.names]
    folders = render_all(dialogues, args.renders, needed=tuple(args.variants))
    spoken = sum(len(name_spans(d)) for d in dialogues)
    print(f"{len(dialogues)} dialogues, {spoken} spoken name occurrences; local Whisper, {args.threads} threads")
    print(f"{'variant':8} {'mode':9} {'WER':>7} {'name WER':>9} {'names whole':>12} {'agreement':>10} "
          f"{'exact':>7} {'seconds':>8}")
    results = []
    for variant in args.variants:
        for mode in args.modes:
            row = {"variant": variant, **run(dialogues, folders[variant], mode, args.threads)}
            results.append(row)
            print(f"{variant:8} {mode:9} {row['mean_wer']:7.3f} {row['name_wer']:9.3f} {row['names_whole']:>12} "
                  f"{row['agreement']:10.3f} {row['exact_match']:7.3f} {row['seconds']:8.1f}", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
