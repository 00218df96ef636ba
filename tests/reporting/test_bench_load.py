"""The load test's rules (devtools/bench/load.py, docs/performance.md): no request starts after
the window; requests in flight then are waited for (the drain) and counted with their real
times, not as unanswered; only a request still unanswered when the drain ends is; residents
pause between spends; trustees do not."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from devtools.bench import load


class _Server:
    """A loopback server answering every GET after `delay` seconds; stands in for gunicorn."""

    def __init__(self, delay: float):
        requests = self.requests = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                requests.append(time.monotonic())
                time.sleep(delay)
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def terminate(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def wait(self, timeout=None):
        self.thread.join(timeout)


@pytest.fixture
def slow_server(monkeypatch):
    servers = []

    def start(delay):
        server = _Server(delay)
        servers.append(server)
        monkeypatch.setattr(load, "_start", lambda *args: (server, server.httpd.server_address[1]))
        return server

    yield start
    for server in servers:
        server.terminate()


def _run(**kwargs):
    return load.load_test(database_url="", secret_key="", paths=["/a"], **kwargs)


def test_requests_in_flight_at_the_window_s_end_are_drained_not_unanswered(slow_server):
    server = slow_server(delay=1.5)
    window_end = time.monotonic() + 1
    results = _run(tokens=["t1", "t2"], seconds=1, drain_seconds=10)
    # Each trustee's first request started inside the window and ended after it.
    assert results["load_no_answer"] == 0
    assert results["load_requests"] == 2 == results["load_trustee_requests"]
    assert results["load_in_flight_at_end"] == 0
    assert 0 < results["load_drain_s"] < 10
    # No request was started after the window.
    assert all(started <= window_end + 0.05 for started in server.requests)
    # Requests/s over the window and the drain: two answers in about 1.5 s.
    assert results["load_rps"] == pytest.approx(2 / (1 + results["load_drain_s"]), abs=0.1)


def test_a_request_unanswered_when_the_drain_ends_is_unanswered(slow_server):
    slow_server(delay=3)
    results = _run(tokens=["t1"], seconds=1, drain_seconds=0.5)
    assert results["load_no_answer"] == 1
    assert results["load_in_flight_at_end"] == 1


def test_residents_pause_between_requests_and_trustees_do_not(slow_server, monkeypatch):
    from devtools.bench import page_weight

    monkeypatch.setattr(page_weight, "collect_static", lambda path: None)
    slow_server(delay=0.01)
    resident = load.Resident(session_key="s", url="/form", theme_id=1, payee="p")
    results = _run(
        tokens=["t1"], residents=[resident], seconds=1, drain_seconds=5, think_seconds=(0.4, 0.4)
    )
    # A pause before the first request and after each: at most two in a one-second window.
    assert 1 <= results["load_resident_requests"] <= 2
    assert results["load_trustee_requests"] > 20
    assert results["load_resident_think_s"] == [0.4, 0.4]


def test_the_resident_think_time_is_seconds():
    low, high = load.RESIDENT_THINK_SECONDS
    assert 1 <= low <= high <= 10


def test_the_server_is_warmed_before_the_window_and_the_warm_up_is_not_counted(slow_server):
    server = slow_server(delay=0.01)
    results = _run(
        tokens=["t1", "t2"], officer_tokens=["o1"], officer_paths=["/b"], seconds=1,
        drain_seconds=5, warm=True,
    )  # fmt: skip
    assert results["load_warm_s"] is not None
    counted = results["load_trustee_requests"] + results["load_officer_requests"]
    # Each path once (2), then every token's reads at once (3): before the window, not counted.
    assert len(server.requests) == counted + 5


def test_without_redis_the_load_test_s_cache_is_each_worker_s_memory():
    url, kind = load._cache("redis://127.0.0.1:1/0")  # nothing listens on port 1
    assert url == "locmemcache://"
    assert "Redis did not answer" in kind
