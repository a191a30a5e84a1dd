"""The in-process timer the benchmark scripts share."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float, object]:
    """Best and median seconds of ``runs`` calls of ``fn`` after one warm-up call (template
    compilation, font loading), and the last call's result."""
    result = fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times), result
