"""Golden-set evaluation: runs an analyzer (and optionally a transcriber on rendered audio) over labelled
dialogues and measures agreement with the labels. What a company runs before switching prompt or model."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from siete.ai import AnalysisContext, Analyzer, Segment, Transcriber, Transcript
from siete.ai.diarization import diarize
from siete.ai.schemas import CHECKS
from siete.ai.text import words
from siete.ai.vocabulary import Vocabulary
from siete.analysis.golden import Dialogue

CHURN_RANK = {"low": 0, "medium": 1, "high": 2}
CRITICAL_IRD = 70
TIMESTAMP_TOLERANCE_S = 2.0


@dataclass
class Case:
    """One dialogue's outcome: what the analyzer said beside what the labels say."""

    id: str
    churn: str
    ird: int
    alerted: bool
    checks: dict[str, bool]
    labels: dict[str, bool]
    timestamp_hits: int = 0
    timestamp_total: int = 0
    role_hits: int = 0
    role_total: int = 0
    dropped_quotes: int = 0
    wer: float | None = None  # word error rate of the transcript against the labelled turns (audio runs)
    hypothesis: str | None = None  # the transcript's text (audio runs)
    error: str | None = None

    @property
    def exact(self) -> bool:
        return self.checks == self.labels


@dataclass
class Report:
    """Aggregated agreement figures; to_dict is the --json form."""

    mode: str
    cases: list[Case] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        done = [c for c in self.cases if c.error is None]
        per_check = {}
        for check in CHECKS:
            pairs = [(c.checks[check], c.labels[check]) for c in done]
            tp = sum(p and t for p, t in pairs)
            fp = sum(p and not t for p, t in pairs)
            fn = sum(t and not p for p, t in pairs)
            per_check[check] = {"agreement": _ratio(sum(p == t for p, t in pairs), len(pairs)),
                                "precision": _ratio(tp, tp + fp), "recall": _ratio(tp, tp + fn),
                                "positives": tp + fn, "errors": [c.id for c in done if c.checks[check] != c.labels[check]]}
        high = [c for c in done if c.churn == "high"]
        return {
            "mode": self.mode, "dialogues": len(self.cases), "failed": [c.id for c in self.cases if c.error],
            "agreement": _ratio(sum(c.checks[k] == c.labels[k] for c in done for k in CHECKS), len(done) * len(CHECKS)),
            "exact_match": _ratio(sum(c.exact for c in done), len(done)),
            "checks": per_check,
            "churn_pairwise_order": pairwise_order([(CHURN_RANK[c.churn], c.ird) for c in done]),
            "churn_spearman": spearman([CHURN_RANK[c.churn] for c in done], [c.ird for c in done]),
            "high_churn_alert_recall": _ratio(sum(c.alerted for c in high), len(high)),
            "high_churn_missed": [c.id for c in high if not c.alerted],
            "false_alerts": [c.id for c in done if c.alerted and c.churn != "high"],
            "timestamp_hits": _ratio(sum(c.timestamp_hits for c in done), sum(c.timestamp_total for c in done)),
            "speaker_role_accuracy": _ratio(sum(c.role_hits for c in done), sum(c.role_total for c in done)),
            "dropped_quotes": sum(c.dropped_quotes for c in done),
            "mean_wer": _mean([c.wer for c in done if c.wer is not None]),
        }


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def word_alignment(reference: str, hypothesis: str) -> tuple[int, list[bool]]:
    """Word-level Levenshtein distance on normalised words, and for each reference word whether an optimal
    alignment keeps it unchanged (what the error rate on a subset of words, such as names, counts)."""
    ref, hyp = words(reference), words(hypothesis)
    table = [list(range(len(hyp) + 1))]
    for i, word in enumerate(ref, 1):
        row = [i] + [0] * len(hyp)
        for j, other in enumerate(hyp, 1):
            row[j] = min(table[i - 1][j] + 1, row[j - 1] + 1, table[i - 1][j - 1] + (word != other))
        table.append(row)
    kept, i, j = [False] * len(ref), len(ref), len(hyp)
    while i and j:
        if table[i][j] == table[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]):
            kept[i - 1] = ref[i - 1] == hyp[j - 1]
            i, j = i - 1, j - 1
        elif table[i][j] == table[i - 1][j] + 1:
            i -= 1
        else:
            j -= 1
    return table[-1][-1], kept


def word_error_rate(reference: str, hypothesis: str) -> float:
    """Word-level Levenshtein distance over the reference's length, on normalised words."""
    return word_alignment(reference, hypothesis)[0] / max(len(words(reference)), 1)


def _ratio(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole else None


def pairwise_order(pairs: list[tuple[int, float]]) -> float | None:
    """Share of dialogue pairs with different churn labels whose IRD is ordered the same way (ties count half)."""
    total = agree = 0.0
    for (label_a, score_a), (label_b, score_b) in combinations(pairs, 2):
        if label_a == label_b:
            continue
        total += 1
        if score_a == score_b:
            agree += 0.5
        elif (score_a > score_b) == (label_a > label_b):
            agree += 1
    return round(agree / total, 4) if total else None


def _ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(xs: list[float], ys: list[float]) -> float | None:
    """Spearman's rank correlation (Pearson on average ranks)."""
    if len(xs) < 2:
        return None
    rx, ry = _ranks(xs), _ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx, vy = sum((a - mx) ** 2 for a in rx), sum((b - my) ** 2 for b in ry)
    return round(cov / (vx * vy) ** 0.5, 4) if vx and vy else None


def labelled_transcript(dialogue: Dialogue, with_roles: bool = False) -> Transcript:
    """The dialogue as a transcriber with an ideal diarizer would give it: one segment per turn with its speaker;
    the roles are left for the analysis to find unless with_roles."""
    segments = [Segment(t["inicio"], t["fin"], t["texto"], t.get("speaker", ""),
                        t["rol"] if with_roles else "desconocido") for t in dialogue.turns]
    return Transcript.from_segments(segments, "es", dialogue.turns[-1]["fin"] + 1.0 if dialogue.turns else 0.0)


def _timed_turns(dialogue: Dialogue, manifest: dict | None) -> list[dict]:
    """Turns with the times they have in the audio being evaluated (the render's, when there is one)."""
    if not manifest:
        return dialogue.turns
    return [{**turn, **timing} for turn, timing in zip(dialogue.turns, manifest["turns"], strict=True)]


def _turn_at(turns: list[dict], start: float, end: float) -> dict | None:
    """The labelled turn that overlaps [start, end] most."""
    best, best_overlap = None, 0.0
    for turn in turns:
        overlap = min(end, turn["fin"]) - max(start, turn["inicio"])
        if overlap > best_overlap:
            best, best_overlap = turn, overlap
    return best


def judge(dialogue: Dialogue, view: dict[str, Any], turns: list[dict], dropped: int = 0) -> Case:
    """Compare one operative view with the dialogue's labels."""
    labels = {check: dialogue.checks[check] is not None for check in CHECKS}
    ird = int(view["IRD"]["score"])
    case = Case(dialogue.id, dialogue.churn, ird, ird >= CRITICAL_IRD or bool(view["verbatims"]["criticos"]),
                {check: bool(view["calidad_basica"][check]) for check in CHECKS}, labels, dropped_quotes=dropped)
    for check in CHECKS:
        evidence = view["evidencias"]["calidad_basica"][check]
        index = dialogue.checks[check]
        if case.checks[check] and labels[check] and evidence:
            case.timestamp_total += 1
            turn = turns[index]
            start = float(evidence[0]["inicio"])
            case.timestamp_hits += (turn["inicio"] - TIMESTAMP_TOLERANCE_S <= start
                                    <= turn["fin"] + TIMESTAMP_TOLERANCE_S)
    quotes = [e for check in CHECKS for e in view["evidencias"]["calidad_basica"][check]]
    quotes += [e for kind in ("positivos", "negativos", "criticos") for e in view["evidencias"]["verbatims"][kind]]
    for entry in quotes:
        turn = _turn_at(turns, float(entry["inicio"]), float(entry["fin"]))
        if turn is not None:
            case.role_total += 1
            case.role_hits += entry.get("rol") == turn["rol"]
    return case


class TranscriptCache:
    """Transcripts of rendered audio kept beside it, keyed by the file's content and the transcriber's settings."""

    def __init__(self, folder: Path | None, key: str):
        self.folder, self.key = folder, key

    def get(self, audio: Path, make: Callable[[], Transcript], hints: str = "") -> Transcript:
        """The cached transcript of audio made with these settings and hints (a vocabulary's prompt), or make()'s."""
        if self.folder is None:
            return make()
        digest = hashlib.sha256(audio.read_bytes() + self.key.encode() + hints.encode()).hexdigest()[:16]
        path = self.folder / f"{audio.stem}.{digest}.json"
        if path.exists():
            return Transcript.from_dict(json.loads(path.read_text(encoding="utf-8")))
        transcript = make()
        self.folder.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(transcript.to_dict(), ensure_ascii=False), encoding="utf-8")
        return transcript


def evaluate(dialogues: list[Dialogue], analyzer: Analyzer, transcriber: Transcriber | None = None,
             audio_dir: str | Path | None = None, cache: bool = True, cache_key: str = "",
             diarization: str = "acoustic", progress: Callable[[str], None] | None = None,
             vocabulary: Callable[[Dialogue], Vocabulary | None] | None = None) -> Report:
    """Analyse every dialogue (its labelled turns, or its rendered audio through the transcriber, hinted with
    vocabulary(dialogue) when given) and judge it.

    audio_dir holds <id>.<ext> renders and the manifest.json with each turn's times in the audio
    (siete.analysis.render writes both); the transcripts are diarized as the pipeline does (diarization mode).
    """
    manifest: dict[str, Any] = {}
    if transcriber is not None:
        if audio_dir is None:
            raise ValueError("audio_dir is needed to evaluate a transcriber")
        audio_dir = Path(audio_dir)
        manifest = json.loads((audio_dir / "manifest.json").read_text(encoding="utf-8"))
    mode = "transcripts" if transcriber is None else f"audio:{Path(audio_dir).name}"
    report = Report(mode=mode)
    store = TranscriptCache(Path(audio_dir) / f"transcripts-{transcriber.name}" if transcriber and cache else None,
                            f"{transcriber.name if transcriber else ''}:{cache_key}")
    for dialogue in dialogues:
        try:
            if transcriber is None:
                transcript, turns = labelled_transcript(dialogue), dialogue.turns
            else:
                entry = manifest[dialogue.id]
                audio = audio_dir / entry["audio"]
                hints = vocabulary(dialogue) if vocabulary else None
                made = store.get(audio, lambda a=audio, h=hints: transcriber.transcribe(a, h),
                                 hints.prompt() if hints else "")
                transcript = diarize(audio, made, diarization)
                turns = _timed_turns(dialogue, entry)
            result = analyzer.analyze(transcript, AnalysisContext())
            case = judge(dialogue, result.operative_view, turns, int(result.evidence.get("descartadas", 0)))
            if transcriber is not None:
                case.wer = round(word_error_rate(" ".join(t["texto"] for t in dialogue.turns), transcript.text), 4)
                case.hypothesis = transcript.text
        except Exception as exc:  # one bad dialogue is reported, not fatal to the run
            case = Case(dialogue.id, dialogue.churn, 0, False, dict.fromkeys(CHECKS, False),
                        {c: dialogue.checks[c] is not None for c in CHECKS}, error=f"{type(exc).__name__}: {exc}")
        report.cases.append(case)
        if progress:
            progress(dialogue.id)
    return report


def format_report(data: dict[str, Any]) -> str:
    """The report as a few aligned lines of text."""
    def pct(value):
        return "—" if value is None else f"{100 * value:.1f} %"

    lines = [f"mode {data['mode']}: {data['dialogues']} dialogues"
             + (f", {len(data['failed'])} failed ({', '.join(data['failed'])})" if data["failed"] else ""),
             f"agreement {pct(data['agreement'])}   exact match {pct(data['exact_match'])}",
             "check            agreement  precision  recall"]
    for check, figures in data["checks"].items():
        lines.append(f"{check:<16} {pct(figures['agreement']):>9}  {pct(figures['precision']):>9}  "
                     f"{pct(figures['recall']):>6}" + (f"   wrong: {', '.join(figures['errors'])}"
                                                        if figures["errors"] else ""))
    lines += [f"churn pairwise order {data['churn_pairwise_order']}   Spearman {data['churn_spearman']}",
              f"high-churn alert recall {pct(data['high_churn_alert_recall'])}"
              + (f" (missed: {', '.join(data['high_churn_missed'])})" if data["high_churn_missed"] else "")
              + (f"   false alerts: {', '.join(data['false_alerts'])}" if data["false_alerts"] else ""),
              f"evidence timestamps within ±{TIMESTAMP_TOLERANCE_S:.0f} s {pct(data['timestamp_hits'])}   "
              f"speaker role on cited quotes {pct(data['speaker_role_accuracy'])}   dropped quotes "
              f"{data['dropped_quotes']}" + (f"   mean WER {data['mean_wer']:.3f}" if data.get("mean_wer") is not None
                                             else "")]
    return "\n".join(lines)
