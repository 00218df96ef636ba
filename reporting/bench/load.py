"""The load test: gunicorn with 2 workers on 127.0.0.1 (a free port), production settings
without the SSL redirect, pointed at the bench database; simulated trustees, each with their
own API token, alternate between the summary and a list endpoint for a bounded time."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(database_url: str, var_dir: Path) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cwf.settings.production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-" + os.urandom(24).hex(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "CWF_VAR_DIR": str(var_dir),
        "CACHE_URL": "locmemcache://",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [str(gunicorn), "cwf.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(var_dir / "gunicorn.log", "w"),  # noqa: SIM115 - closed with the process
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            health = f"http://127.0.0.1:{port}/health/?format=json"
            with urllib.request.urlopen(health, timeout=2):
                return process, port
        except urllib.error.HTTPError:
            return process, port  # it answers (a 503 names a missing worker or broker)
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError("gunicorn did not start within 30 seconds; see var/bench/var/gunicorn.log")


def load_test(*, database_url: str, tokens: list[str], paths: list[str], seconds: int) -> dict:
    var_dir = Path(settings.BASE_DIR) / "var" / "bench" / "var"
    var_dir.mkdir(parents=True, exist_ok=True)
    process, port = _start(database_url, var_dir)
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def trustee(token: str) -> None:
        i = 0
        while time.monotonic() < stop_at:
            path = paths[i % len(paths)]
            i += 1
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"Bearer {token}"}
            )
            started = time.perf_counter()
            try:
                # Loopback http only: the URL is built above from 127.0.0.1 and our port.
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                    response.read()
                    status = str(response.status)
            except urllib.error.HTTPError as exc:
                status = str(exc.code)
            except OSError as exc:
                status = type(exc).__name__
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1

    try:
        with ThreadPoolExecutor(max_workers=len(tokens)) as pool:
            list(pool.map(trustee, tokens))
    finally:
        process.terminate()
        process.wait(timeout=30)
    total = len(latencies)
    errors = sum(n for status, n in statuses.items() if status != "200")
    server_errors = sum(n for status, n in statuses.items() if status.startswith("5"))
    # No answer within the client's 30 seconds (or a refused connection): not a 5xx, but a
    # failure all the same, counted apart.
    no_answer = sum(n for status, n in statuses.items() if not status[:1].isdigit())
    return {
        "load_requests": total,
        "load_p95_ms": round(statistics.quantiles(latencies, n=20)[18], 1) if total > 20 else None,
        "load_rps": round(total / seconds, 1),
        "load_errors": errors,
        "load_5xx": server_errors,
        "load_no_answer": no_answer,
        "load_statuses": statuses,
        "load_paths": paths,
        "load_trustees": len(tokens),
        "load_seconds": seconds,
    }
