"""The embedded default for `make run`: DEBUG on, everything under var/, no servers needed."""

from .base import *  # noqa: F403
from .base import CELERY_BEAT_SCHEDULE, INSTALLED_APPS, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)

# The demo data and the benchmark (`seed_demo`, `bench`, `page_weight`): above every app, never in
# production settings or the production image.
INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]

# In the demo, a tranche that falls due is released within a minute rather than at 06:00.
CELERY_BEAT_SCHEDULE = {
    **CELERY_BEAT_SCHEDULE,
    "grants-release-due-tranches": {
        **CELERY_BEAT_SCHEDULE["grants-release-due-tranches"],
        "schedule": 60.0,
    },
}
