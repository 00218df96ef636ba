"""Spending plans, a package because plans are one part of the domain: drafting, saving,
submitting and returning a plan (`drafting.py`), and endorsing it with the tranche schedule it
makes (`endorsement.py`). Callers import from the package; the modules import each other's public
names only, and endorsement imports drafting, never the other way."""

from .drafting import (
    DEFAULT_THEMES,
    STATUS,
    ActionInput,
    plan_check_adds_up,
    plan_draft_start,
    plan_return,
    plan_save,
    plan_submit,
    plan_transition,
    plan_years,
    themes_ensure,
    vision_difference,
    vision_total,
)
from .endorsement import action_schedule, plan_endorse

__all__ = [
    "DEFAULT_THEMES",
    "STATUS",
    "ActionInput",
    "action_schedule",
    "plan_check_adds_up",
    "plan_draft_start",
    "plan_endorse",
    "plan_return",
    "plan_save",
    "plan_submit",
    "plan_transition",
    "plan_years",
    "themes_ensure",
    "vision_difference",
    "vision_total",
]
