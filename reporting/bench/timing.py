"""Medians after warm-up, and query counts, for anything callable."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def median_ms(fn: Callable[[], object], *, repeat: int = 7, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(runs), 2)


def query_count(fn: Callable[[], object], *, warmup: int = 1) -> int:
    """Queries of one call after `warmup` calls (so once-a-minute writes, such as a token's
    last use, and first-use caches are not counted)."""
    for _ in range(warmup):
        fn()
    with CaptureQueriesContext(connection) as queries:
        fn()
    return len(queries.captured_queries)


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return round(numerator / denominator, 2)
