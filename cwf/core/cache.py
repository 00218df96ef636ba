"""A Redis cache that is optional: when Redis cannot be reached, every operation falls back to
this process's own memory instead of raising, so a cache outage never takes a page down.

What that means for each user of the cache (docs/operations.md, "Redis down"):
- the navigation's unread count reads what this process last counted (0 if nothing), and the
  notifications page recounts from the database;
- DRF's API throttles and allauth's sign-in limits count per web process instead of across all
  of them: with W gunicorn workers an account gets at most W x 5 wrong passwords per 5 minutes
  rather than 5, never unlimited;
- /health/ shows the cache as failing, with the error, and the failure is logged once.
While Redis is down it is tried again every few seconds (cwf.core.degraded.RETRY_AFTER_SECONDS),
not on every call."""

from __future__ import annotations

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

from . import degraded

PART = degraded.CACHE
_OPERATIONS = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
)


def _fail_open(name: str):
    redis_method = getattr(RedisCache, name)

    def method(self, *args, **kwargs):
        if not degraded.is_down(PART):
            try:
                result = redis_method(self, *args, **kwargs)
            except ValueError:
                raise  # incr of a missing key: the cache's own answer, not an outage
            except Exception as exc:  # redis.ConnectionError, TimeoutError, OSError...
                degraded.failed(PART, exc)
            else:
                degraded.recovered(PART)
                return result
        return getattr(self._fallback, name)(*args, **kwargs)

    method.__name__ = name
    return method


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._fallback = LocMemCache(
            f"cwf-fail-open-{id(self)}",
            {"TIMEOUT": params.get("TIMEOUT", 300), "OPTIONS": {"MAX_ENTRIES": 10_000}},
        )

    for _name in _OPERATIONS:
        locals()[_name] = _fail_open(_name)
    del _name
