"""The learning library at the bench size (issue 19): 10,000 notes, then the search a person
makes (the page's count and first page), timed. A budget, reported, never failing the run."""

from __future__ import annotations

import random

from grants.models import Theme
from partnerships.models import Partnership
from reporting.models import LearningNote, NeighbourhoodKind
from reporting.selectors.learning import learning_note_list, learning_search
from reporting.services.learning import search_text

from .timing import median_ms

NOTES = 10_000
PAGE = 20
VOCABULARY = (
    "community fridge food bank youth club warm space energy advice allotment garden cafe "
    "repair shop library walking group mental health football coaching credit union bus "
    "digital skills laptop loan job club apprenticeship litter pick mural festival choir "
    "toddler group pantry bike workshop tenants association skate park wildflower verge"
)
WORDS = VOCABULARY.split()
SEARCHES = ("community fridge", "youth club", "energy advice for older people", "zzzz nothing")


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)) + "."


def learning_notes_generate(*, writer, count: int | None = None) -> int:
    """Notes spread over the bench's partnerships and themes, in batches: `count`, or as many as
    bring the library to NOTES (the generator writes a few per partnership already)."""
    if count is None:
        count = max(0, NOTES - LearningNote.objects.count())
    rng = random.Random(19)  # noqa: S311 (made-up text for a benchmark, not a secret)
    partnerships = list(Partnership.objects.values_list("pk", flat=True))
    themes = list(Theme.objects.values_list("pk", flat=True))
    kinds = NeighbourhoodKind.values
    batch = []
    for i in range(count):
        note = LearningNote(
            partnership_id=partnerships[i % len(partnerships)],
            theme_id=themes[i % len(themes)],
            neighbourhood_kind=kinds[i % len(kinds)],
            title=f"Note {i}: {_text(rng, 4)}",
            tried=_text(rng, 60),
            happened=_text(rng, 60),
            differently=_text(rng, 30),
            costs=f"£{rng.randint(100, 50000)}",
            written_by=writer,
        )
        note.search_text = search_text(note)
        batch.append(note)
        if len(batch) == 1000:
            LearningNote.objects.bulk_create(batch)
            batch = []
    LearningNote.objects.bulk_create(batch)
    return count


def learning_search_timing(*, viewer, repeat: int) -> dict:
    """The slowest of the searches' medians: each is what the library page runs (the count
    for "N notes found" and the first page of results)."""

    def search(text):
        def call():
            qs = learning_search(learning_note_list(viewer=viewer), text=text)
            qs.count()
            list(qs[:PAGE])

        return call

    timings = {text: median_ms(search(text), repeat=repeat) for text in SEARCHES}
    return {
        "learning_search_ms": max(timings.values()),
        "learning_notes": LearningNote.objects.count(),
    }
