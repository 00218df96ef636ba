"""The benchmark's own database. It never touches the dev database: on PostgreSQL it creates
`<name>_bench` beside the configured one (dropped first), on SQLite it uses
var/bench/bench.sqlite3 (deleted first). Call `use_bench_database` before any query."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections


def bench_dir() -> Path:
    path = Path(settings.BASE_DIR) / "var" / "bench"
    path.mkdir(parents=True, exist_ok=True)
    return path


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def use_bench_database() -> str:
    """Point the default connection at a fresh, empty bench database and migrate it. Returns a
    DATABASE_URL for the same database, for the gunicorn subprocess."""
    connections.close_all()
    db = connections["default"].settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        path = bench_dir() / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        db["NAME"] = str(path)
        url = f"sqlite:///{path}"
    else:
        base = db["NAME"]
        name = base if base.endswith("_bench") else f"{base}_bench"
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
        db["NAME"] = name
        user = db.get("USER") or "postgres"
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
        url = f"postgres://{user}{password}@{host}:{port}/{name}"
    connections.close_all()
    call_command("migrate", verbosity=0, interactive=False)
    return url


def drop_bench_database() -> None:
    """Drop the PostgreSQL bench database (SQLite's file is left for inspection)."""
    if not is_postgresql():
        return
    name = connections["default"].settings_dict["NAME"]
    connections.close_all()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
