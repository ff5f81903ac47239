"""The labelled golden corpus: parses the team's dialogue files and writes/reads their JSON labels.

Usage: python -m siete.analysis.golden corpus   (rewrites corpus/{dev,test,vocabulary}.json from the .txt)
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHECKS = ("saludo", "identificacion", "oferta", "cierre", "valor_agregado")
CHURN_LEVELS = ("low", "medium", "high")
ROLES = {"E": "empleado", "C": "cliente"}
TAGS = {"saludo": "saludo", "identificacion": "identificacion", "oferta": "oferta", "cierre": "cierre",
        "valor": "valor_agregado", "queja": "complaint", "churn": "churn"}
# Nominal timing of a turn as a voice would say it: the renders replace these with the measured ones.
LEAD_IN_S, GAP_S, SECONDS_PER_WORD, MIN_TURN_S = 0.8, 0.6, 0.38, 1.0

_HEADER = re.compile(r"^===\s*(.+)$")
_TURN = re.compile(r"^([EC]):\s*(.+?)\s*((?:\{[a-z_]+\}\s*)*)$")
_TAG = re.compile(r"\{([a-z_]+)\}")
_NAMES = re.compile(r"^N:\s*(.+)$")
NAME_KEYS = {"empresa": "company", "campaña": "campaign", "sucursal": "branch", "ciudad": "city", "términos": "terms"}


@dataclass
class Dialogue:
    """One labelled service interaction: turns with roles and times, and what a judge must find in it."""

    id: str
    business: str
    register: str
    formality: str
    churn: str
    split: str
    turns: list[dict[str, Any]] = field(default_factory=list)
    checks: dict[str, int | None] = field(default_factory=dict)  # check -> proving turn index, None = not met
    complaint_turns: list[int] = field(default_factory=list)
    churn_turns: list[int] = field(default_factory=list)
    names: dict[str, Any] = field(default_factory=dict)  # the visit's company, campaign, branch, city and terms

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the labels file."""
        return {"id": self.id, "business": self.business, "register": self.register, "formality": self.formality,
                "split": self.split, "turns": self.turns, **({"names": self.names} if self.names else {}),
                "labels": {"checks": {check: {"value": turn is not None, "turn": turn}
                                      for check, turn in self.checks.items()},
                           "churn": self.churn, "complaint_turns": self.complaint_turns,
                           "churn_turns": self.churn_turns}}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Dialogue:
        """Read one dialogue of a labels file."""
        labels = data["labels"]
        return cls(id=data["id"], business=data.get("business", ""), register=data.get("register", ""),
                   formality=data.get("formality", ""), churn=labels["churn"], split=data.get("split", ""),
                   turns=list(data["turns"]),
                   checks={check: (labels["checks"][check]["turn"] if labels["checks"][check]["value"] else None)
                           for check in CHECKS},
                   complaint_turns=list(labels.get("complaint_turns", [])),
                   churn_turns=list(labels.get("churn_turns", [])), names=dict(data.get("names") or {}))


def parse(text: str, split: str) -> list[Dialogue]:
    """Dialogues of one .txt part (format in corpus/README.md), with nominal turn times."""
    dialogues: list[Dialogue] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if header := _HEADER.match(line):
            parts = [p.strip() for p in header.group(1).split("|")]
            if len(parts) != 5 or not parts[4].startswith("churn="):
                raise ValueError(f"line {number}: header needs 'id | business | register | formality | churn=...'")
            churn = parts[4].split("=", 1)[1]
            if churn not in CHURN_LEVELS:
                raise ValueError(f"line {number}: churn must be one of {CHURN_LEVELS}")
            dialogues.append(Dialogue(parts[0], parts[1], parts[2], parts[3], churn, split,
                                      checks=dict.fromkeys(CHECKS)))
            continue
        if (names := _NAMES.match(line)) and dialogues and not dialogues[-1].turns:
            dialogues[-1].names = _names(names.group(1), number)
            continue
        turn = _TURN.match(line)
        if not turn or not dialogues:
            raise ValueError(f"line {number}: expected 'E: text {{tags}}' or 'C: text {{tags}}' after a header")
        _add_turn(dialogues[-1], ROLES[turn.group(1)], turn.group(2), _TAG.findall(turn.group(3)), number)
    for dialogue in dialogues:
        _time(dialogue)
    return dialogues


def _names(text: str, number: int) -> dict[str, Any]:
    """'empresa=X | campaña=Y | sucursal=Z | ciudad=W | términos=A; B' as {company, campaign, branch, city, terms}."""
    names: dict[str, Any] = {}
    for part in text.split("|"):
        key, _, value = part.partition("=")
        if key.strip() not in NAME_KEYS or not value.strip():
            raise ValueError(f"line {number}: names are {' | '.join(f'{k}=...' for k in NAME_KEYS)}")
        name = NAME_KEYS[key.strip()]
        names[name] = [t.strip() for t in value.split(";") if t.strip()] if name == "terms" else value.strip()
    return names


def _add_turn(dialogue: Dialogue, role: str, text: str, tags: list[str], number: int) -> None:
    index = len(dialogue.turns)
    dialogue.turns.append({"rol": role, "speaker": "S1" if role == "empleado" else "S2", "texto": text})
    for tag in tags:
        if tag not in TAGS:
            raise ValueError(f"line {number}: unknown tag {{{tag}}}")
        label = TAGS[tag]
        if label in CHECKS:
            if role != "empleado":
                raise ValueError(f"line {number}: a check is proved by an employee turn")
            if dialogue.checks[label] is None:
                dialogue.checks[label] = index
        elif role != "cliente":
            raise ValueError(f"line {number}: complaints and churn are the customer's")
        else:
            (dialogue.complaint_turns if label == "complaint" else dialogue.churn_turns).append(index)


def _time(dialogue: Dialogue) -> None:
    clock = LEAD_IN_S
    for turn in dialogue.turns:
        length = max(MIN_TURN_S, SECONDS_PER_WORD * len(turn["texto"].split()))
        turn["inicio"], turn["fin"] = round(clock, 2), round(clock + length, 2)
        clock += length + GAP_S


def load(path: str | Path) -> list[Dialogue]:
    """A labels file: JSON written by this module, or a .txt part."""
    path = Path(path)
    if path.suffix == ".txt":
        return parse(path.read_text(encoding="utf-8"), path.stem)
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Dialogue.from_dict(item) for item in (data["dialogues"] if isinstance(data, dict) else data)]


def write(dialogues: list[Dialogue], path: str | Path) -> None:
    """Write a labels file."""
    Path(path).write_text(json.dumps({"dialogues": [d.to_dict() for d in dialogues]}, ensure_ascii=False,
                                     indent=1) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    folder = Path(argv[0] if argv else "corpus")
    for part in ("dev", "test", "vocabulary"):
        dialogues = parse((folder / f"{part}.txt").read_text(encoding="utf-8"), part)
        write(dialogues, folder / f"{part}.json")
        print(f"{part}: {len(dialogues)} dialogues")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
