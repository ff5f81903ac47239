"""A company's own scorecard criteria as plain data, and how the analysis prompt describes them."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from siete.ai.schemas import CHECKS

KEY_PATTERN = r"^[a-z0-9][a-z0-9_]{0,49}$"  # a criterion key: overrides, disputes and survey questions use it
# What a yes/no survey question may state: one of the basic checks, or a criterion of the company's scorecard.
VERIFIES_PATTERN = re.compile(rf"^(check:({'|'.join(CHECKS)})|criterion:{KEY_PATTERN[1:-1]})$")
VERIFIES_HELP = "check:<saludo|identificacion|oferta|cierre|valor_agregado> o criterion:<clave>"


@dataclass(frozen=True)
class Criterion:
    """One criterion an analysis must judge with evidence from the employee's words."""

    key: str
    name: str
    description: str
    counts: str = ""
    does_not_count: str = ""
    examples: tuple[str, ...] = ()
    weight: float = 1.0

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Criterion:
        """A criterion from its stored form (the scorecard's JSON)."""
        return cls(key=str(data["key"]), name=str(data["name"]), description=str(data.get("description") or ""),
                   counts=str(data.get("counts") or ""), does_not_count=str(data.get("does_not_count") or ""),
                   examples=tuple(str(e) for e in data.get("examples") or ()), weight=float(data.get("weight", 1)))


def verdict(criterion: Criterion, met: bool | None, evidence: dict[str, Any] | None) -> dict[str, Any]:
    """A criterion's stored verdict: operative_view["criterios"][key]."""
    return {"nombre": criterion.name, "cumple": met, "peso": criterion.weight, "evidencia": evidence}


CRITERIA_CONTRACT = """\
Criterios propios de la empresa: en operative_view.criterios responde, para cada clave, cumple (true si las \
palabras del EMPLEADO lo cumplen, false si no, null solo si la grabación no permite juzgarlo) y evidencias: \
las citas textuales del EMPLEADO que lo prueban, con su número de línea y segundos (lista vacía si no se \
cumple). Sin una cita textual del empleado, el criterio no se da por cumplido."""


def criteria_lines(criteria: Sequence[Criterion]) -> list[str]:
    """The criteria as the prompt lists them: key, name, description, what counts and not, examples."""
    lines = []
    for criterion in criteria:
        lines.append(f"- {criterion.key}: {criterion.name}. {criterion.description}".rstrip())
        if criterion.counts:
            lines.append(f"  Cuenta: {criterion.counts}")
        if criterion.does_not_count:
            lines.append(f"  No cuenta: {criterion.does_not_count}")
        if criterion.examples:
            lines.append("  Ejemplos: " + "; ".join(f'"{e}"' for e in criterion.examples))
    return lines
