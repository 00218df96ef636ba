"""The restore drill (issue 21; docs/operations.md, "Backup and restore"): a pg_dump in custom
format, restored into a new database, is a working copy of the fund: `ledger_verify` finds no
difference, and PostgreSQL's append-only triggers still refuse an UPDATE of the ledger."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from grants.models import Entry
from tests.grants.plan_scenario import setup_partnership, with_money_received

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
ROOT = Path(settings.BASE_DIR)


def _pg_env(db: dict) -> dict:
    env = {**os.environ, "PGHOST": db["HOST"] or "127.0.0.1", "PGPORT": str(db["PORT"] or 5432)}
    env["PGUSER"] = db["USER"] or "postgres"
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


@pytest.fixture
def restored(tmp_path):
    """Dump the test database and restore it into a new one, exactly as docs/operations.md
    says; yields the new database's name and drops it afterwards."""
    if not shutil.which("pg_dump") or not shutil.which("pg_restore"):
        pytest.skip("pg_dump and pg_restore are not installed on this machine")
    db = connection.settings_dict
    env = _pg_env(db)
    dump = tmp_path / "cwf.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", db["NAME"]],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    name = f"cwf_restore_{uuid.uuid4().hex[:8]}"
    subprocess.run(["createdb", name], env=env, check=True, capture_output=True)
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={name}", str(dump)],
            env=env, check=True, capture_output=True,
        )  # fmt: skip
        yield name
    finally:
        subprocess.run(["dropdb", "--if-exists", name], env=env, check=False, capture_output=True)


@pytest.fixture
def fund_with_money():
    s = with_money_received(setup_partnership())
    assert Entry.objects.count() > 0
    return s


def test_a_dump_restored_into_a_new_database_verifies_and_keeps_its_guards(
    fund_with_money, restored
):
    """fund_with_money comes first, so the dump holds a released, paid tranche's postings."""
    db = connection.settings_dict
    url = (
        f"postgres://{db['USER'] or 'postgres'}:{db.get('PASSWORD') or ''}@"
        f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{restored}"
    )
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "cwf.settings.dev"}
    verify = subprocess.run(
        [sys.executable, "manage.py", "ledger_verify"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert ": 0 differences." in verify.stdout
    entries = Entry.objects.count()

    conninfo = (
        f"host={db['HOST'] or '127.0.0.1'} port={db['PORT'] or 5432} "
        f"user={db['USER'] or 'postgres'} dbname={restored}"
        + (f" password={db['PASSWORD']}" if db.get("PASSWORD") else "")
    )
    with psycopg.connect(conninfo) as restored_db:
        count = restored_db.execute("SELECT count(*) FROM grants_entry").fetchone()[0]
        assert count == entries
        with pytest.raises(psycopg.errors.Error, match="append-only"):
            restored_db.execute("UPDATE grants_entry SET amount = amount + 1")
