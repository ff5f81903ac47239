"""Benchmark parameters and the shared helpers of the dashboard benchmark."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime


DEFAULT_DATABASE = "siete_bench_dashboard"


FULL_SIZE = 1_000_000


TARGET_MEDIAN_MS = 50.0


TARGET_SPEEDUP = 20.0


GENERATOR_VERSION = 1


LOAD_STATEMENT_TIMEOUT_MS = 30 * 60 * 1000


APP_STATEMENT_TIMEOUT_MS = 120 * 1000


TOUCHED = 1000


MARKER = "bench_dashboard_marker"  # lives only in the bench database, outside the app's schema


CHECKS = ("saludo", "identificacion", "oferta", "cierre", "valor_agregado")


KPIS = {"ioc": "IOC", "ird": "IRD", "ces": "CES", "nps": "NPS_inferido"}


@dataclass(frozen=True)
class Params:
    """What the generated data depends on; a stored data set is reused only when these match."""

    evaluations: int = FULL_SIZE
    campaigns: int = 10
    zones: int = 50
    shoppers: int = 200
    days: int = 365
    other_companies: int = 3
    other_evaluations: int = 10_000  # each
    completed: float = 0.85
    failed: float = 0.08
    pending: float = 0.04  # the rest is "analyzing"
    seed: float = 0.42
    version: int = GENERATOR_VERSION

    @classmethod
    def sized(cls, evaluations: int) -> Params:
        return cls(evaluations=evaluations, other_evaluations=min(10_000, max(200, evaluations // 100)))


def database_for(evaluations: int) -> str:
    """The issue's database for the full size; other sizes get their own so a smoke run never evicts the 1M set."""
    return DEFAULT_DATABASE if evaluations == FULL_SIZE else f"{DEFAULT_DATABASE}_{evaluations}"


def _log(verbose: bool, message: str) -> None:
    if verbose:
        print(f"[{datetime.now(UTC):%H:%M:%S}] {message}", flush=True)
