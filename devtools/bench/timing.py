"""Medians after warm-up, and query counts, for anything callable."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from django.db import connection


def median_ms(fn: Callable[[], object], *, repeat: int = 7, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(runs), 2)


QUERY_LOG: dict[str, list[str]] = {}


def query_count(fn: Callable[[], object], *, warmup: int = 1, name: str = "") -> int:
    """Queries of one call after `warmup` calls (so once-a-minute writes, such as a token's
    last use, and first-use caches are not counted). Counted by an execute wrapper, which has
    no cap (CaptureQueriesContext keeps only the last 9,000). With `name`, the first 40
    statements are kept in QUERY_LOG, for results.json."""
    for _ in range(warmup):
        fn()
    seen: list[str] = []

    def count(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        fn()
    if name:
        QUERY_LOG[name] = [sql[:120] for sql in seen[:40]]
    return len(seen)


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return round(numerator / denominator, 2)
