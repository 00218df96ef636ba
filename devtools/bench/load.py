"""The load test: gunicorn with 2 workers on 127.0.0.1 (a free port), production settings
without the SSL redirect, pointed at the bench database; for a bounded time, simulated trustees
(each with their own API token) alternate between the summary and a list endpoint, officers
list tranches by the API, and residents (signed in by a session made for them) log spends
through the spending page's form, each POST with its form's one-time key. Afterwards the spends
the server acknowledged (a redirect to the new spend) are counted against those stored."""

from __future__ import annotations

import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(database_url: str, var_dir: Path, secret_key: str) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cwf.settings.production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secret_key,
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


@dataclass
class Resident:
    """A resident signed in by a session made in the bench database (`session_key`), logging
    spends of £10 on `theme_id` through `url`, the partnership's spend form."""

    session_key: str
    url: str
    theme_id: int
    payee: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is the answer itself: the spend was logged


_OPENER = urllib.request.build_opener(_NoRedirect)
_HIDDEN = re.compile(r'name="(csrfmiddlewaretoken|submission_key)" value="([^"]+)"')


def _request(url: str, *, headers: dict, data: bytes | None = None) -> urllib.request.Request:
    # Loopback http only: every URL is built from 127.0.0.1 and our port.
    return urllib.request.Request(url, data=data, headers=headers)  # noqa: S310


def _fetch(request) -> str:
    try:
        # Loopback http only: every URL is built from 127.0.0.1 and our port.
        with _OPENER.open(request, timeout=30) as response:
            response.read()
            return str(response.status)
    except urllib.error.HTTPError as exc:
        return str(exc.code)
    except OSError as exc:
        return type(exc).__name__


def load_test(
    *,
    database_url: str,
    secret_key: str,
    tokens: list[str],
    paths: list[str],
    seconds: int,
    officer_tokens: list[str] = (),
    officer_paths: list[str] = (),
    residents: list[Resident] = (),
) -> dict:
    from .page_weight import collect_static

    var_dir = Path(settings.BASE_DIR) / "var" / "bench" / "var"
    var_dir.mkdir(parents=True, exist_ok=True)
    if residents:
        # Pages (the spend form) need the production static manifest, as in the Docker image.
        collect_static(Path(settings.STATIC_ROOT))
    process, port = _start(database_url, var_dir, secret_key)
    base = f"http://127.0.0.1:{port}"
    latencies: dict[str, list[float]] = {"trustee": [], "officer": [], "resident": []}
    statuses: dict[str, int] = {}
    acknowledged = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def record(who: str, status: str, started: float) -> None:
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            latencies[who].append(elapsed)
            statuses[status] = statuses.get(status, 0) + 1

    def reader(who: str, token: str, paths: list[str]) -> None:
        i = 0
        while time.monotonic() < stop_at:
            path = paths[i % len(paths)]
            i += 1
            request = _request(base + path, headers={"Authorization": f"Bearer {token}"})
            started = time.perf_counter()
            record(who, _fetch(request), started)

    def resident(person: Resident) -> None:
        nonlocal acknowledged
        while time.monotonic() < stop_at:
            cookie = f"sessionid={person.session_key}"
            started = time.perf_counter()
            try:
                with _OPENER.open(
                    _request(base + person.url, headers={"Cookie": cookie}), timeout=30
                ) as response:
                    page = response.read().decode()
                    csrf_cookie = response.headers.get("Set-Cookie", "")
                    status = str(response.status)
            except urllib.error.HTTPError as exc:
                record("resident", str(exc.code), started)
                continue
            except OSError as exc:
                record("resident", type(exc).__name__, started)
                continue
            record("resident", status, started)
            fields = dict(_HIDDEN.findall(page))
            csrf = re.search(r"csrftoken=([^;]+)", csrf_cookie)
            if not csrf or "submission_key" not in fields:
                continue
            form = {
                **fields,
                "spent_on": timezone.localdate().isoformat(),
                "amount": "10.00",
                "payee": person.payee,
                "description": "Load test",
                "theme": str(person.theme_id),
            }
            request = _request(
                base + person.url,
                data=urllib.parse.urlencode(form).encode(),
                headers={"Cookie": f"{cookie}; csrftoken={csrf.group(1)}"},
            )
            started = time.perf_counter()
            status = _fetch(request)
            record("resident", "200" if status == "302" else status, started)
            if status == "302":
                with lock:
                    acknowledged += 1

    jobs = [lambda t=t: reader("trustee", t, paths) for t in tokens]
    jobs += [lambda t=t: reader("officer", t, list(officer_paths)) for t in officer_tokens]
    jobs += [lambda r=r: resident(r) for r in residents]
    try:
        with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
            list(pool.map(lambda job: job(), jobs))
    finally:
        process.terminate()
        process.wait(timeout=30)
    everything = [ms for values in latencies.values() for ms in values]
    total = len(everything)
    errors = sum(n for status, n in statuses.items() if status != "200")
    server_errors = sum(n for status, n in statuses.items() if status.startswith("5"))
    # No answer within the client's 30 seconds (or a refused connection): not a 5xx, but a
    # failure all the same, counted apart.
    no_answer = sum(n for status, n in statuses.items() if not status[:1].isdigit())
    results = {
        "load_requests": total,
        "load_p50_ms": _percentile(everything, 50),
        "load_p95_ms": _percentile(everything, 95),
        "load_rps": round(total / seconds, 1),
        "load_errors": errors,
        "load_5xx": server_errors,
        "load_no_answer": no_answer,
        "load_statuses": statuses,
        "load_paths": paths,
        "load_officer_paths": list(officer_paths),
        "load_trustees": len(tokens),
        "load_officers": len(officer_tokens),
        "load_residents": len(residents),
        "load_seconds": seconds,
        "load_spends_acknowledged": acknowledged,
    }
    for who, values in latencies.items():
        results[f"load_{who}_requests"] = len(values)
        results[f"load_{who}_p95_ms"] = _percentile(values, 95)
    return results


def _percentile(values: list[float], percent: int) -> float | None:
    if len(values) < 20:
        return None
    return round(statistics.quantiles(values, n=100)[percent - 1], 1)
