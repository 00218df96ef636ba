"""The embedded default for `make run`: DEBUG on, everything under var/, no servers needed."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
