"""Which optional parts (the cache, the broker) this process last found unreachable, and when.

The site keeps working without them (docs/operations.md, "Faults"): the cache falls back to
process memory and work that cannot be queued stays due in the database for beat. This module
is where those fallbacks say so, once per outage in the log, and where /health/ and /metrics/
read it. Per process, by design: each web worker reports what it saw itself."""

from __future__ import annotations

import logging
import threading
import time

logger = logging.getLogger("cwf.degraded")

# While a part is down, callers skip it for this long before trying again, so a dead Redis
# costs one refused connection every few seconds rather than one per cache read.
RETRY_AFTER_SECONDS = 5.0
CACHE = "cache"
BROKER = "broker"

_lock = threading.Lock()
_down: dict[str, tuple[float, str]] = {}


def failed(part: str, exc: BaseException) -> None:
    """Record that `part` could not be reached (logged once per outage)."""
    message = f"{type(exc).__name__}: {exc}"
    with _lock:
        first = part not in _down
        _down[part] = (time.monotonic(), message)
    if first:
        logger.warning("%s unreachable, carrying on without it: %s", part, message)


def recovered(part: str) -> None:
    with _lock:
        was_down = _down.pop(part, None)
    if was_down:
        logger.warning("%s reachable again", part)


def is_down(part: str) -> bool:
    """True while a recent failure says not to try `part` yet."""
    with _lock:
        entry = _down.get(part)
    return entry is not None and time.monotonic() - entry[0] < RETRY_AFTER_SECONDS


def last_error(part: str) -> str | None:
    with _lock:
        entry = _down.get(part)
    return entry[1] if entry else None


def reset() -> None:
    """For tests."""
    with _lock:
        _down.clear()
