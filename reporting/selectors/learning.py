"""The learning library, as every signed-in person with a role sees it: searched (PostgreSQL's
full-text search over the stored, GIN-indexed search_vector; icontains on SQLite), filtered by
theme, kind of neighbourhood, region and IMD decile. Any search text is safe:
websearch_to_tsquery accepts any input, and a query of only stop words or punctuation finds
nothing rather than failing."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from cwf.accounts import permissions
from partnerships.models import Neighbourhood

from ..models import LearningNote, LearningQuestion
from ..models.learning import SEARCH_CONFIG

SEARCH_MAX = 200  # characters of a search that are used; the rest is ignored


def learning_note_list(*, viewer) -> QuerySet[LearningNote]:
    if not permissions.may_read_learning(viewer):
        return LearningNote.objects.none()
    # The two search columns repeat the note's text: no page shows them.
    return LearningNote.objects.select_related("partnership", "theme").defer(
        "search_text", "search_vector"
    )


def learning_question_list(*, viewer) -> QuerySet[LearningQuestion]:
    """The questions `viewer` may read: the ones they asked, and those about their own
    partnership's notes (officers: all). Nobody else reads a question or its answers."""
    if not permissions.may_read_learning(viewer):
        return LearningQuestion.objects.none()
    qs = LearningQuestion.objects.select_related(
        "note__partnership", "note__theme", "asker_partnership", "asked_by"
    ).annotate(answer_count=Count("answers"))
    partnerships = permissions.learning_question_reader_partnerships(viewer)
    if partnerships is None:
        return qs
    return qs.filter(Q(asked_by=viewer) | Q(note__partnership_id__in=partnerships))


def learning_regions() -> list[str]:
    """The regions of the places whose partnerships wrote notes, for the search's filter. A
    semi-join: joining every note and taking the distinct regions read all 10,000 at the bench
    size (11 ms against 0.2 ms)."""
    notes = LearningNote.objects.filter(partnership_id=OuterRef("partnerships"))
    return list(
        Neighbourhood.objects.filter(Exists(notes))
        .exclude(region="")
        .values_list("region", flat=True)
        .distinct()
        .order_by("region")
    )


def learning_search(
    qs: QuerySet[LearningNote],
    *,
    text: str = "",
    theme_id: int | None = None,
    kind: str = "",
    region: str = "",
    imd_decile: int | None = None,
) -> QuerySet[LearningNote]:
    """Narrow a scoped list. Text is cleaned of NUL bytes and cut to SEARCH_MAX characters;
    a region's NUL bytes are dropped (PostgreSQL refuses them in a query)."""
    text = (text or "").replace("\x00", " ").strip()[:SEARCH_MAX]
    region = (region or "").replace("\x00", "")
    if theme_id:
        qs = qs.filter(theme_id=theme_id)
    if kind:
        qs = qs.filter(neighbourhood_kind=kind)
    if region or imd_decile:
        places = Neighbourhood.objects.filter(partnerships=OuterRef("partnership_id"))
        if region:
            places = places.filter(region=region)
        if imd_decile:
            places = places.filter(imd_decile=imd_decile)
        qs = qs.filter(Exists(places))
    if not text:
        return qs
    if connection.vendor == "postgresql":
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        return (
            qs.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "-written_at", "-pk")
        )
    for word in text.split()[:10]:
        qs = qs.filter(search_text__icontains=word)
    return qs
