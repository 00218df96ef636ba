"""Comparing two submitted versions of a report, field by field."""

from __future__ import annotations

import difflib

from .models import NARRATIVE_FIELDS

SPEND_LABELS = {
    "received": "Received",
    "received_contribution": "LTO management contribution received",
    "spent": "Spent",
    "held_by_lto": "Held by the LTO",
    "spent_ahead": "Spent ahead of payments",
}


def _text(value) -> str:
    return "" if value is None else str(value)


def _stories(content: dict) -> str:
    return "\n\n".join(f"{s['title']}\n{s['body']}" for s in content.get("stories", []))


def version_diff(old: dict, new: dict) -> list[dict]:
    """One row per part of the report: its label, the old and new text, whether it changed,
    and the changed words marked (a list of (kind, text) with kind "same", "del" or "ins")."""
    parts = [
        (label, _text(old.get(name)), _text(new.get(name))) for name, label in NARRATIVE_FIELDS
    ]
    parts.append(("Stories", _stories(old), _stories(new)))
    old_spend, new_spend = old.get("spend") or {}, new.get("spend") or {}
    parts += [
        (f"Spend: {label}", _text(old_spend.get(key)), _text(new_spend.get(key)))
        for key, label in SPEND_LABELS.items()
    ]
    rows = []
    for label, before, after in parts:
        words = []
        if before != after:
            a, b = before.split(), after.split()
            for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b).get_opcodes():
                if op == "equal":
                    words.append(("same", " ".join(a[i1:i2])))
                    continue
                if i2 > i1:
                    words.append(("del", " ".join(a[i1:i2])))
                if j2 > j1:
                    words.append(("ins", " ".join(b[j1:j2])))
        rows.append(
            {
                "label": label,
                "old": before,
                "new": after,
                "changed": before != after,
                "words": words,
            }
        )
    return rows
