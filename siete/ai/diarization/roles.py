"""Role of each segment (empleado or cliente) from what is said and from turn-taking.

With speaker labels (a diarizer's), each speaker gets one role: the one whose words weigh most like the
employee's (welcomes, offers, asks how to help) is the employee, the others customers. Without them, a
two-state Viterbi over the segments lets strong cues decide and lets talk alternate where cues are silent.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace

from siete.ai.transcript import CUSTOMER, EMPLOYEE, UNKNOWN, Segment, Transcript

SWITCH_PROBABILITY = 0.6  # consecutive segments of a dialogue change speaker a bit more often than not
# ...but rarely inside a sentence: a segment that starts right where one without a sentence end stopped goes on it
CONTINUED_SWITCH_PROBABILITY, CONTINUED_GAP_S = 0.15, 0.3
MIN_EVIDENCE = 1.0  # below this total cue weight there is nothing to tell the sides apart by
# Two voices heard as one: when the clustering leaves the other speaker under this share of a visit's segments
# (from MIN_SEGMENTS_TO_DOUBT on), the voices are not trusted and the roles follow the words and turn-taking.
MIN_SPEAKER_SHARE, MIN_SEGMENTS_TO_DOUBT = 0.2, 6


def role_score(text: str, position: float) -> float:
    """Positive when the words sound like the employee's, negative like the customer's."""
    from siete.ai.analyzers.heuristic import lexicon as lx
    from siete.ai.analyzers.heuristic.findings import check_weight, introduces_self, raw_tokens
    from siete.ai.analyzers.heuristic.matching import score

    tokens, caps = raw_tokens(text)
    employee = (score(lx.EMPLOYEE_TALK, tokens)[0] + _said(lx.OFFER, tokens) + _said(lx.CLOSURE, tokens)
                + check_weight("valor_agregado", tokens) + 3 * introduces_self(tokens, caps))
    if position < 0.35:
        employee += min(score(lx.GREETING, tokens)[0], 2) * 0.5
        employee += 2 * any(t.startswith(("bienvenid", "vienvenid")) for t in tokens)
    customer = (score(lx.CUSTOMER_TALK, tokens)[0] + 1.5 * score(lx.COMPLAINT, tokens)[0]
                + 1.5 * score(lx.CHURN, tokens)[0]
                + score(lx.SATISFACTION, tokens)[0] + score(lx.NEED, tokens)[0] + score(lx.INTEREST, tokens)[0])
    return employee - customer


def _said(intent, tokens: list[str]) -> float:
    """The weight of an intent's own cues found, whatever undoes them: telling that a promotion is over is still
    the employee's kind of talk."""
    from siete.ai.analyzers.heuristic.matching import matches

    return sum(cue.weight for cue in intent if cue.weight > 0 and matches(cue.phrase, tokens))


def assign_roles(segments: list[Segment]) -> list[Segment]:
    """Segments with a role each; segments whose role is already known keep it."""
    if not segments or all(s.role != UNKNOWN for s in segments):
        return list(segments)
    end = max(s.end for s in segments) or 1.0
    scores = [role_score(s.text, s.start / end) for s in segments]
    speakers = {s.speaker for s in segments if s.speaker}
    if len(speakers) >= 2 and not _one_voice_heard(segments):
        total = {speaker: 0.0 for speaker in speakers}
        for segment, value in zip(segments, scores, strict=True):
            if segment.speaker:
                total[segment.speaker] += value
        employee = max(sorted(total), key=lambda speaker: total[speaker])
        roles = [EMPLOYEE if s.speaker == employee else CUSTOMER if s.speaker else UNKNOWN for s in segments]
        if UNKNOWN in roles:
            fill = _viterbi(scores, _continuations(segments))
            roles = [role if role != UNKNOWN else fill[i] for i, role in enumerate(roles)]
    elif sum(abs(v) for v in scores) < MIN_EVIDENCE:
        roles = [UNKNOWN] * len(segments)
    else:
        roles = _viterbi(scores, _continuations(segments))
    return [segment if segment.role != UNKNOWN else replace(segment, role=role)
            for segment, role in zip(segments, roles, strict=True)]


def _one_voice_heard(segments: list[Segment]) -> bool:
    """Did the clustering put (nearly) every segment under one speaker?"""
    counts = Counter(s.speaker for s in segments if s.speaker)
    heard = sum(counts.values())
    return heard >= MIN_SEGMENTS_TO_DOUBT and min(counts.values()) < MIN_SPEAKER_SHARE * heard


def _continuations(segments: list[Segment]) -> list[bool]:
    """Per segment: does it go on the sentence the segment before left open (ASR cut one turn in two)?"""
    return [False] + [not before.text.rstrip().endswith((".", "?", "!", "…")) and after.start - before.end
                      <= CONTINUED_GAP_S for before, after in zip(segments, segments[1:])]


def _viterbi(scores: list[float], continues: list[bool]) -> list[str]:
    """Most likely employee/customer sequence: logistic emissions from the cue scores, alternation prior (weaker
    where a segment continues the one before)."""
    states = (EMPLOYEE, CUSTOMER)

    def emission(state: str, value: float) -> float:
        signed = value if state == EMPLOYEE else -value
        return -math.log1p(math.exp(-signed))

    best = {state: emission(state, scores[0]) for state in states}
    back: list[dict[str, str]] = []
    for value, goes_on in zip(scores[1:], continues[1:], strict=True):
        switching = CONTINUED_SWITCH_PROBABILITY if goes_on else SWITCH_PROBABILITY
        stay, switch = math.log(1 - switching), math.log(switching)
        step, choice = {}, {}
        for state in states:
            previous = max(states, key=lambda p: best[p] + (stay if p == state else switch))
            step[state] = best[previous] + (stay if previous == state else switch) + emission(state, value)
            choice[state] = previous
        best = step
        back.append(choice)
    state = max(states, key=lambda s: best[s])
    path = [state]
    for choice in reversed(back):
        state = choice[state]
        path.append(state)
    return path[::-1]


def with_roles(transcript: Transcript) -> Transcript:
    """The transcript with a role on every segment it can tell (stored transcripts may have none)."""
    if transcript.segments and all(s.role != UNKNOWN for s in transcript.segments):
        return transcript
    return transcript.with_segments(assign_roles(transcript.segments))
