"""The web server's configuration: one file for production (Dockerfile, docker-compose.yml) and
for the benchmark's load test (devtools/bench/load.py), so the load test measures the server
production runs. docs/operations.md explains the choices; the environment may change the counts.

Why threads: a request spends much of its time waiting on PostgreSQL (and Redis). A sync worker
answers one request at a time, so two sync workers on two cores left the CPUs idle while each
waited, and every other request queued behind them. gthread workers answer `threads` requests at
once each: the waits overlap, and a cached read is not stuck behind a slow list. Each thread
keeps its own database connection (CONN_MAX_AGE), so PostgreSQL sees workers x threads
connections at most."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "gthread"
# One process per core (the GIL lets one process use about one core); at least two, so one
# worker's restart or a long request never leaves the site without a server.
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# A request taking longer than this is killed (the worker restarts): the summary is the slowest
# page, well under a second at national size.
timeout = 60
graceful_timeout = 30
keepalive = 5
accesslog = "-"


def post_worker_init(worker):
    """Once the application is loaded in a worker, its objects (Django, the models, the URL
    conf: most of what lives in the process) are moved out of the garbage collector's sight
    (`gc.freeze`). They live as long as the worker, and a full collection walking them took
    about 85 ms of CPU, every few requests that build big figures (the summary after a
    write): with them frozen it takes a few milliseconds (docs/performance.md)."""
    import gc

    gc.freeze()
