"""Rules that keep an analysis's indices from contradicting each other, for every analyzer."""

from __future__ import annotations

from typing import Any

CRITICAL_IRD = 70  # the pipeline's critical alert fires at this churn risk
MEDIUM_IRD = 35
NPS_BANDS = {"alto": (0, 3), "medio": (3, 6), "bajo": (7, 10)}  # promoters never beside a high risk


def risk_level(ird: int) -> str:
    """'alto' at the critical alert's level, 'medio' from MEDIUM_IRD, else 'bajo' (the words the views use)."""
    return "alto" if ird >= CRITICAL_IRD else "medio" if ird >= MEDIUM_IRD else "bajo"


def bounded_nps(nps: int, ird: int, ces: int, checks_met: int, churn: bool = False) -> int:
    """The NPS inside the band the churn risk allows; heavy effort or few checks met lower its ceiling."""
    low, high = NPS_BANDS[risk_level(ird)]
    if churn:
        high = min(high, 2)
    if ces >= 60:
        high = min(high, max(low, high - 2))
    if checks_met <= 1:
        high = min(high, max(low, 7))
    return int(max(low, min(high, nps)))


def make_consistent(view: dict[str, Any], churn: bool) -> dict[str, Any]:
    """A model's view with an intent to leave raised to the critical risk and the NPS inside its band."""
    ird = view["IRD"]["score"]
    if churn and ird < CRITICAL_IRD:
        ird = CRITICAL_IRD + 5
        view = {**view, "IRD": {**view["IRD"], "score": ird}}
    met = sum(bool(v) for v in view["calidad_basica"].values())
    nps = bounded_nps(view["NPS_inferido"], ird, view["CES"]["score"], met, churn)
    return {**view, "NPS_inferido": nps}
