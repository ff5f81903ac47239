"""Finds, sentence by sentence, the cues behind each judgement and who most likely said them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from siete.ai.analyzers.heuristic import lexicon as lx
from siete.ai.analyzers.heuristic.matching import Phrase, first_match
from siete.ai.text import words
from siete.ai.transcript import Transcript

_SENTENCE = re.compile(r"[^.!?]+[.!?]*")
_SOY_NAME = re.compile(r"\bsoy\s+([A-ZÁÉÍÓÚÑ][a-záéíóúñ]+)")
NOT_NAMES = {"Cliente", "De", "Del", "El", "La", "Los", "Las", "Un", "Una", "Nuevo", "Nueva", "Yo", "Muy"}
CLOSING_SHARE = 0.7  # thanks said in the last 30% of the talk counts as a closing

EMPLOYEE, CUSTOMER, UNKNOWN = "empleado", "cliente", "desconocido"

# category -> (cues, who may say it: None = anyone, else a role that must NOT have said it)
CATEGORIES: dict[str, tuple[tuple[Phrase, ...], str | None]] = {
    "positive": (lx.POSITIVE, EMPLOYEE),
    "complaint": (lx.COMPLAINT, EMPLOYEE),
    "refusal": (lx.REFUSAL, None),
    "wait": (lx.WAIT, EMPLOYEE),
    "threat": (lx.THREAT, EMPLOYEE),
    "repeat_visit": (lx.REPEAT_VISIT, EMPLOYEE),
    "call": (lx.CALL, EMPLOYEE),
    "transfer": (lx.TRANSFER, None),
    "paperwork": (lx.PAPERWORK, None),
    "need": (lx.NEED, EMPLOYEE),
    "interest": (lx.INTEREST, EMPLOYEE),
}
CHECK_CUES = {"saludo": lx.GREETING, "identificacion": lx.IDENTIFICATION, "oferta": lx.OFFER,
              "cierre": lx.CLOSURE, "valor_agregado": lx.VALUE_ADDED}


@dataclass(frozen=True)
class Sentence:
    """A sentence exactly as transcribed, with its segment's timing and a guess of the speaker."""

    text: str
    tokens: list[str]
    start: float
    end: float
    role: str
    position: float  # 0..1 through the conversation


@dataclass
class Findings:
    """Sentences supporting each quality check and each category of cue, plus detected topics."""

    checks: dict[str, list[Sentence]] = field(default_factory=dict)
    hits: dict[str, list[Sentence]] = field(default_factory=dict)
    topics: list[str] = field(default_factory=list)

    def count(self, category: str) -> int:
        return len(self.hits.get(category, []))

    def passed(self, check: str) -> bool:
        return bool(self.checks.get(check))


def sentences(transcript: Transcript) -> list[Sentence]:
    """Split every segment into sentences, each tagged with a speaker guess."""
    talk_end = max((s.end for s in transcript.segments), default=transcript.duration) or 1.0
    result = []
    for segment in transcript.segments:
        segment_role = _role(words(segment.text), UNKNOWN)
        for raw in _SENTENCE.findall(segment.text):
            text = raw.strip()
            tokens = words(text)
            if tokens:
                result.append(Sentence(text, tokens, segment.start, segment.end, _role(tokens, segment_role),
                                       segment.start / talk_end))
    return result


def _role(tokens: list[str], fallback: str) -> str:
    """Employee or customer by which side's cues weigh more (longer cues are surer); the fallback on a tie."""
    employee = sum(len(cue.tokens) for cue in lx.EMPLOYEE if first_match((cue,), tokens))
    customer = sum(len(cue.tokens) for cue in lx.CUSTOMER if first_match((cue,), tokens))
    return EMPLOYEE if employee > customer else CUSTOMER if customer > employee else fallback


def detect(transcript: Transcript) -> Findings:
    """Run every cue over every sentence."""
    findings = Findings(checks={check: [] for check in CHECK_CUES}, hits={name: [] for name in CATEGORIES})
    topic_counts: dict[str, int] = {}
    for sentence in sentences(transcript):
        if sentence.role != CUSTOMER:
            for check, cues in CHECK_CUES.items():
                if first_match(cues, sentence.tokens) or _extra_check(check, sentence):
                    findings.checks[check].append(sentence)
        for name, (cues, excluded_role) in CATEGORIES.items():
            if sentence.role != excluded_role and first_match(cues, sentence.tokens):
                findings.hits[name].append(sentence)
        for topic, cues in lx.TOPICS.items():
            if first_match(cues, sentence.tokens):
                topic_counts[topic] = topic_counts.get(topic, 0) + 1
    findings.topics = sorted(topic_counts, key=lambda topic: -topic_counts[topic])
    return findings


def _extra_check(check: str, sentence: Sentence) -> bool:
    """Cues that need more than a phrase: 'soy <Nombre>', and thanks near the end as a closing."""
    if check == "identificacion":
        return any(name not in NOT_NAMES for name in _SOY_NAME.findall(sentence.text))
    if check == "cierre":
        return (sentence.position >= CLOSING_SHARE and first_match(lx.THANKS, sentence.tokens) is not None
                and first_match(lx.COMPLAINT + lx.REFUSAL, sentence.tokens) is None)  # not "gracias por nada"
    return False
