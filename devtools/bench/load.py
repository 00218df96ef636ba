"""The load test: gunicorn with production's own configuration (gunicorn.conf.py) on 127.0.0.1
(a free port), production settings without the SSL redirect, pointed at the bench database; for
a bounded window, simulated trustees (each with their own API token) alternate between the
summary and a list endpoint, officers list tranches by the API (both closed-loop: the next
request as soon as the last is answered), and residents (signed in by a session made for them)
log spends through the spending page's form, each POST with its form's one-time key, pausing
as a person does between spends (RESIDENT_THINK_SECONDS).

As in production: the server's cache is Redis, shared by its workers (when Redis answers at
BENCH_CACHE_URL; else each worker's own memory, and the results say so), and the server is warm
when the window opens (`warm`: every path asked once, then all at once, so the cached figures
and each thread's database connection exist, as on a server that has been up for a while).

The rules that keep it honest (docs/performance.md):
- no request is started after the window ends; requests in flight then are waited for (the
  drain, at most DRAIN_SECONDS, reported as `load_drain_s`) and counted with their real times;
- a request is unanswered only if it has no answer when the drain ends (or the connection
  failed), never because the window ended while it was in flight;
- requests/s is answered requests over the window plus the drain;
- the spends the server acknowledged (a redirect to the new spend) are compared with those
  stored after the drain, when no POST can still be running."""

from __future__ import annotations

import os
import random
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
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Residents fill in the form and look at what they logged: a pause after opening the form and
# after each spend, drawn uniformly from this range (seconds), so ten residents log about two
# spends a second between them. Trustees and officers have none (closed loop).
RESIDENT_THINK_SECONDS = (2.0, 4.0)
# How long requests in flight at the window's end may take to finish before they count as
# unanswered (and before the server is stopped).
DRAIN_SECONDS = 30
GUNICORN_CONFIG = "gunicorn.conf.py"
# Redis for the load test's cache (a db of its own; each run's keys carry a prefix of their own
# and are deleted afterwards, so runs and other users of the server never share an entry).
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/3")


def _cache(url: str = CACHE_URL) -> tuple[str, str]:
    """(CACHE_URL for the server, which cache that is): Redis when it answers, else per-process
    memory (the workers then each compute what the other has cached)."""
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5).ping()
    except Exception:
        return "locmemcache://", "each worker's memory (Redis did not answer)"
    return url.replace("redis://", "rediscache://", 1), "Redis, shared by the workers"


def _cache_clear(url: str, prefix: str) -> None:
    """Delete this run's keys (Django's keys are `<prefix>:<version>:<key>`)."""
    if not url.startswith("rediscache://"):
        return
    import redis

    client = redis.Redis.from_url(url.replace("rediscache://", "redis://", 1))
    keys = list(client.scan_iter(f"{prefix}:*", count=1000))
    for i in range(0, len(keys), 1000):
        client.delete(*keys[i : i + 1000])


def _start(
    database_url: str,
    var_dir: Path,
    secret_key: str,
    cache_url: str = "locmemcache://",
    cache_prefix: str = "bench",
) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cwf.settings.production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "CWF_VAR_DIR": str(var_dir),
        "CACHE_URL": cache_url,
        "CACHE_KEY_PREFIX": cache_prefix,
        # The summary's per-person limit (120 a minute, counted across workers in a shared
        # cache) is for people: simulated trustees ask as fast as the server answers.
        "REPORTING_API_THROTTLE_RATE": "1000000/minute",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        # Production's own server configuration (gunicorn.conf.py: worker class, workers,
        # threads), only bound to a free loopback port; the access log is not kept.
        [
            str(gunicorn),
            "--config",
            str(Path(settings.BASE_DIR) / GUNICORN_CONFIG),
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
            "cwf.wsgi:application",
        ],
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


def _fetch(request, timeout: float) -> str:
    try:
        # Loopback http only: every URL is built from 127.0.0.1 and our port.
        with _OPENER.open(request, timeout=timeout) as response:
            response.read()
            return str(response.status)
    except urllib.error.HTTPError as exc:
        return str(exc.code)
    except OSError as exc:
        return type(exc).__name__


class _Window:
    """One run's window and what its clients saw, shared by their threads: each client records
    every answer (or failure) with its time, and starts nothing once the window has ended."""

    def __init__(self, *, base: str, seconds: int, drain_seconds: float, think_seconds):
        self.base = base
        self.stop_at = time.monotonic() + seconds
        # Every request may run until the drain ends, and no longer.
        self.timeout = seconds + drain_seconds
        self.think_seconds = think_seconds
        self.latencies: dict[str, list[float]] = {"trustee": [], "officer": [], "resident": []}
        self.statuses: dict[str, int] = {}
        self.acknowledged = 0
        self.lock = threading.Lock()
        self.randomness = random.Random(21)  # noqa: S311 - think times, not secrets

    def is_open(self) -> bool:
        return time.monotonic() < self.stop_at

    def record(self, who: str, status: str, started: float) -> None:
        elapsed = (time.perf_counter() - started) * 1000
        with self.lock:
            self.latencies[who].append(elapsed)
            self.statuses[status] = self.statuses.get(status, 0) + 1

    def think(self) -> bool:
        """A resident's pause; False when the window ends during it (no request after it)."""
        with self.lock:
            pause = self.randomness.uniform(*self.think_seconds)
        time.sleep(max(0.0, min(pause, self.stop_at - time.monotonic())))
        return self.is_open()

    def reader(self, who: str, token: str, paths: list[str]) -> None:
        """A trustee or officer: the next request as soon as the last is answered."""
        i = 0
        while self.is_open():
            path = paths[i % len(paths)]
            i += 1
            request = _request(self.base + path, headers={"Authorization": f"Bearer {token}"})
            started = time.perf_counter()
            self.record(who, _fetch(request, self.timeout), started)

    def resident(self, person: Resident) -> None:
        """Open the spend form, fill it in, post it, look at it; again until the window ends."""
        # Residents do not all arrive at the same instant.
        if not self.think():
            return
        cookie = f"sessionid={person.session_key}"
        while self.is_open():
            form = self._spend_form(person, cookie)
            # Filling in the form; the spend is not posted if the window ends meanwhile.
            if not self.think():
                return
            if form is None:
                continue
            self._spend_post(person, cookie, *form)
            if not self.think():  # looking at the spend just logged
                return

    def _spend_form(self, person: Resident, cookie: str) -> tuple[dict, str] | None:
        """GET the spend form: its hidden fields and the CSRF cookie, or None without them."""
        started = time.perf_counter()
        try:
            request = _request(self.base + person.url, headers={"Cookie": cookie})
            with _OPENER.open(request, timeout=self.timeout) as response:
                page = response.read().decode()
                csrf_cookie = response.headers.get("Set-Cookie", "")
                status = str(response.status)
        except urllib.error.HTTPError as exc:
            self.record("resident", str(exc.code), started)
            return None
        except OSError as exc:
            self.record("resident", type(exc).__name__, started)
            return None
        self.record("resident", status, started)
        fields = dict(_HIDDEN.findall(page))
        csrf = re.search(r"csrftoken=([^;]+)", csrf_cookie)
        if not csrf or "submission_key" not in fields:
            return None
        return fields, csrf.group(1)

    def _spend_post(self, person: Resident, cookie: str, fields: dict, csrf: str) -> None:
        """POST a £10 spend with the form's one-time key; a redirect acknowledges it."""
        form = {
            **fields,
            "spent_on": timezone.localdate().isoformat(),
            "amount": "10.00",
            "payee": person.payee,
            "description": "Load test",
            "theme": str(person.theme_id),
        }
        request = _request(
            self.base + person.url,
            data=urllib.parse.urlencode(form).encode(),
            headers={"Cookie": f"{cookie}; csrftoken={csrf}"},
        )
        started = time.perf_counter()
        status = _fetch(request, self.timeout)
        self.record("resident", "200" if status == "302" else status, started)
        if status == "302":
            with self.lock:
                self.acknowledged += 1


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
    think_seconds: tuple[float, float] = RESIDENT_THINK_SECONDS,
    drain_seconds: float = DRAIN_SECONDS,
    warm: bool = False,
) -> dict:
    from .page_weight import collect_static

    var_dir = Path(settings.BASE_DIR) / "var" / "bench" / "var"
    var_dir.mkdir(parents=True, exist_ok=True)
    if residents:
        # Pages (the spend form) need the production static manifest, as in the Docker image.
        collect_static(Path(settings.STATIC_ROOT))
    cache_url, cache_kind = _cache()
    cache_prefix = f"bench{time.time_ns()}"
    process, port = _start(database_url, var_dir, secret_key, cache_url, cache_prefix)
    base = f"http://127.0.0.1:{port}"
    warm_s = None
    if warm:
        try:
            warm_s = _warm(
                base,
                [(path, token) for token in tokens for path in paths]
                + [(path, token) for token in officer_tokens for path in officer_paths],
                [(r.url, f"sessionid={r.session_key}") for r in residents],
            )
        except BaseException:
            process.terminate()
            _cache_clear(cache_url, cache_prefix)
            raise
    # The window opens after the warm-up.
    window = _Window(
        base=base,
        seconds=seconds,
        drain_seconds=drain_seconds,
        think_seconds=think_seconds,
    )
    jobs = [lambda t=t: window.reader("trustee", t, paths) for t in tokens]
    jobs += [lambda t=t: window.reader("officer", t, list(officer_paths)) for t in officer_tokens]
    jobs += [lambda r=r: window.resident(r) for r in residents]
    try:
        in_flight, drain = _run_jobs(
            jobs, process=process, window=window, drain_seconds=drain_seconds
        )
    finally:
        _cache_clear(cache_url, cache_prefix)
    described = {
        "load_paths": paths,
        "load_officer_paths": list(officer_paths),
        "load_trustees": len(tokens),
        "load_officers": len(officer_tokens),
        "load_residents": len(residents),
        "load_resident_think_s": list(think_seconds),
        "load_seconds": seconds,
        "load_cache": cache_kind,
        "load_warm_s": warm_s,
    }
    return _results(window, drain=drain, in_flight=in_flight, described=described)


def _run_jobs(jobs, *, process, window: _Window, drain_seconds: float) -> tuple[int, float]:
    """Run the clients: the window, then the drain (no new request is started after the window,
    and those in flight may finish within drain_seconds); then stop the server. Returns how many
    clients were still waiting and how long the drain took."""
    pool = ThreadPoolExecutor(max_workers=len(jobs))
    try:
        futures = [pool.submit(job) for job in jobs]
        done, running = wait(
            futures, timeout=max(0.0, window.stop_at - time.monotonic()) + drain_seconds
        )
        ended_at = time.monotonic()
        for future in done:
            future.result()  # a bug in the client fails the run, not a statistic
    finally:
        process.terminate()
        try:
            process.wait(timeout=DRAIN_SECONDS + 5)
        except subprocess.TimeoutExpired:
            process.kill()  # a worker stuck past gunicorn's own graceful timeout
            process.wait(timeout=10)
        pool.shutdown(wait=True, cancel_futures=True)
    return len(running), max(0.0, ended_at - window.stop_at)


def _results(window: _Window, *, drain: float, in_flight: int, described: dict) -> dict:
    """The figures: counts, latencies, requests/s over the window and the drain, failures,
    with the run's description (`described`: paths, clients, the window's seconds)."""
    seconds = described["load_seconds"]
    statuses = window.statuses
    everything = [ms for values in window.latencies.values() for ms in values]
    total = len(everything)
    # No answer by the end of the drain, or a refused connection: not a 5xx, but a failure all
    # the same, counted apart. A client still waiting when the server stopped is one more.
    no_answer = sum(n for status, n in statuses.items() if not status[:1].isdigit())
    results = {
        "load_requests": total,
        "load_p50_ms": _percentile(everything, 50),
        "load_p95_ms": _percentile(everything, 95),
        "load_rps": round((total - no_answer) / (seconds + drain), 1),
        "load_errors": sum(n for status, n in statuses.items() if status != "200"),
        "load_5xx": sum(n for status, n in statuses.items() if status.startswith("5")),
        "load_no_answer": no_answer,
        "load_in_flight_at_end": in_flight,
        "load_drain_s": round(drain, 1),
        "load_statuses": statuses,
        **described,
        "load_spends_acknowledged": window.acknowledged,
    }
    for who, values in window.latencies.items():
        results[f"load_{who}_requests"] = len(values)
        results[f"load_{who}_p95_ms"] = _percentile(values, 95)
    return results


def _warm(base: str, reads: list[tuple[str, str]], pages: list[tuple[str, str]]) -> float:
    """Before the window: each distinct read once (what it caches is then cached), then every
    read and page at once, so each worker and thread has answered and holds its database
    connection, as a server that has been up a while does. Returns the seconds it took; any
    answer but 200 fails the run (a server that cannot answer should not be measured)."""
    started = time.monotonic()

    def fetch(path: str, headers: dict) -> None:
        status = _fetch(_request(base + path, headers=headers), timeout=60)
        if status != "200":
            raise RuntimeError(f"the warm-up's {path} answered {status}")

    first = dict(reversed(reads))  # each path with the first token that reads it
    for path, token in first.items():
        fetch(path, {"Authorization": f"Bearer {token}"})
    everything = [(p, {"Authorization": f"Bearer {t}"}) for p, t in reads]
    everything += [(p, {"Cookie": cookie}) for p, cookie in pages]
    with ThreadPoolExecutor(max_workers=16) as pool:
        for future in [pool.submit(fetch, p, h) for p, h in everything]:
            future.result()
    return round(time.monotonic() - started, 1)


def _percentile(values: list[float], percent: int) -> float | None:
    if len(values) < 20:
        return None
    return round(statistics.quantiles(values, n=100)[percent - 1], 1)
