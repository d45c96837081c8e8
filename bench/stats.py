"""Timing helpers: run a measurement several times, keep median and p95."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Measurement:
    name: str
    unit: str
    median: float
    p95: float
    budget: float | None  # compared with p95 (or with the single value for one-off measurements)
    runs: int
    note: str = ""

    @property
    def within_budget(self) -> bool | None:
        return None if self.budget is None else self.p95 <= self.budget

    def as_dict(self) -> dict[str, object]:
        return asdict(self) | {"within_budget": self.within_budget}


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * (len(ordered) - 1))))]


def timed_ms(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def summarise(name: str, unit: str, values: list[float], budget: float | None, note: str = "") -> Measurement:
    return Measurement(name, unit, statistics.median(values), p95(values), budget, len(values), note)
