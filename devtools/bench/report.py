"""The budgets, the printed table and var/bench/results.json."""

from __future__ import annotations

import json
import os
import platform
import sys

import django
from django.db import connection

from .database import bench_dir

# key -> (limit, text). A figure above its limit misses the budget (timings never fail the run).
BUDGETS = {
    "portfolio_summary_ratio": (2, "≤ 2"),
    "list_allocations_ratio": (3, "≤ 3"),
    "list_tranches_ratio": (3, "≤ 3"),
    "list_spends_ratio": (3, "≤ 3"),
    "list_reports_ratio": (3, "≤ 3"),
    "list_allocations_queries": (6, "≤ 6"),
    "list_tranches_queries": (6, "≤ 6"),
    "list_spends_queries": (6, "≤ 6"),
    "list_reports_queries": (6, "≤ 6"),
    "disbursement_run_queries_per_tranche": (5, "≤ 5"),
    "disbursement_run_ms_per_tranche": (10, "≤ 10 on PostgreSQL"),
    "load_5xx": (0, "= 0"),
    "load_p95_ms": (500, "≤ 500 (issue 21)"),
}
# key -> (floor, text): a figure below its floor misses (timings never fail the run).
FLOORS = {"load_rps": (60, "≥ 60 (issue 21)")}


def environment() -> dict:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            cursor.execute("SELECT sqlite_version()")
            version = f"SQLite {cursor.fetchone()[0]}"
    return {
        "database": version,
        "python": platform.python_version(),
        "django": django.get_version(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
    }


def verdict(key: str, value) -> str:
    if key not in BUDGETS and key not in FLOORS:
        return ""
    if value is None:
        return "not measured"
    if key in FLOORS:
        return "met" if value >= FLOORS[key][0] else "MISSED"
    limit, _ = BUDGETS[key]
    return "met" if value <= limit else "MISSED"


def write(results: dict, *, stdout) -> None:
    path = bench_dir() / "results.json"
    path.write_text(json.dumps(results, indent=2, sort_keys=False, default=str) + "\n")
    stdout.write(f"\n{'figure':42} {'value':>14}  {'budget':20} verdict")
    stdout.write("-" * 90)
    for key, value in results.items():
        if isinstance(value, dict | list) or key in ("notes",):
            continue
        shown = "null" if value is None else (f"{value:,}" if isinstance(value, int) else value)
        budget = BUDGETS.get(key, FLOORS.get(key, (None, "")))[1]
        stdout.write(f"{key:42} {shown!s:>14}  {budget:20} {verdict(key, value)}")
    for key, value in results.get("portfolio_summary_queries", {}).items():
        stdout.write(f"portfolio_summary_queries at {key:13} {value!s:>14}  equal at both sizes")
    for note, text in results.get("notes", {}).items():
        stdout.write(f"note: {note}: {text}")
    stdout.write(f"\nWritten to {path} ({' '.join(sys.argv)})")
