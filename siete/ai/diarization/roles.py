"""Role of each segment (empleado or cliente) from what is said and from turn-taking.

With speaker labels (a diarizer's), each speaker gets one role: the one whose words weigh most like the
employee's (welcomes, offers, asks how to help) is the employee, the others customers. Without them, a
two-state Viterbi over the segments lets strong cues decide and lets talk alternate where cues are silent.
"""

from __future__ import annotations

import math
from dataclasses import replace

from siete.ai.transcript import CUSTOMER, EMPLOYEE, UNKNOWN, Segment, Transcript

SWITCH_PROBABILITY = 0.6  # consecutive segments of a dialogue change speaker a bit more often than not
MIN_EVIDENCE = 1.0  # below this total cue weight there is nothing to tell the sides apart by


def role_score(text: str, position: float) -> float:
    """Positive when the words sound like the employee's, negative like the customer's."""
    from siete.ai.analyzers.heuristic import lexicon as lx
    from siete.ai.analyzers.heuristic.findings import check_weight, introduces_self, raw_tokens
    from siete.ai.analyzers.heuristic.matching import score

    tokens, caps = raw_tokens(text)
    employee = (score(lx.EMPLOYEE_TALK, tokens)[0] + score(lx.OFFER, tokens)[0] + score(lx.CLOSURE, tokens)[0]
                + check_weight("valor_agregado", tokens) + 3 * introduces_self(tokens, caps))
    if position < 0.35:
        employee += min(score(lx.GREETING, tokens)[0], 2) * 0.5
        employee += 2 * any(t.startswith(("bienvenid", "vienvenid")) for t in tokens)
    customer = (score(lx.CUSTOMER_TALK, tokens)[0] + 1.5 * score(lx.COMPLAINT, tokens)[0]
                + 1.5 * score(lx.CHURN, tokens)[0]
                + score(lx.SATISFACTION, tokens)[0] + score(lx.NEED, tokens)[0] + score(lx.INTEREST, tokens)[0])
    return employee - customer


def assign_roles(segments: list[Segment]) -> list[Segment]:
    """Segments with a role each; segments whose role is already known keep it."""
    if not segments or all(s.role != UNKNOWN for s in segments):
        return list(segments)
    end = max(s.end for s in segments) or 1.0
    scores = [role_score(s.text, s.start / end) for s in segments]
    speakers = {s.speaker for s in segments if s.speaker}
    if len(speakers) >= 2:
        total = {speaker: 0.0 for speaker in speakers}
        for segment, value in zip(segments, scores, strict=True):
            if segment.speaker:
                total[segment.speaker] += value
        employee = max(sorted(total), key=lambda speaker: total[speaker])
        roles = [EMPLOYEE if s.speaker == employee else CUSTOMER if s.speaker else UNKNOWN for s in segments]
        if UNKNOWN in roles:
            fill = _viterbi(scores)
            roles = [role if role != UNKNOWN else fill[i] for i, role in enumerate(roles)]
    elif sum(abs(v) for v in scores) < MIN_EVIDENCE:
        roles = [UNKNOWN] * len(segments)
    else:
        roles = _viterbi(scores)
    return [segment if segment.role != UNKNOWN else replace(segment, role=role)
            for segment, role in zip(segments, roles, strict=True)]


def _viterbi(scores: list[float]) -> list[str]:
    """Most likely employee/customer sequence: logistic emissions from the cue scores, alternation prior."""
    states = (EMPLOYEE, CUSTOMER)
    stay, switch = math.log(1 - SWITCH_PROBABILITY), math.log(SWITCH_PROBABILITY)

    def emission(state: str, value: float) -> float:
        signed = value if state == EMPLOYEE else -value
        return -math.log1p(math.exp(-signed))

    best = {state: emission(state, scores[0]) for state in states}
    back: list[dict[str, str]] = []
    for value in scores[1:]:
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
