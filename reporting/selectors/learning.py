"""The learning library, as every signed-in person with a role sees it: searched (PostgreSQL's
full-text search, with a GIN index; icontains on SQLite), filtered by theme, kind of
neighbourhood, region and IMD decile. Any search text is safe: websearch_to_tsquery accepts any
input, and a query of only stop words or punctuation finds nothing rather than failing."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet

from cwf.accounts import permissions
from partnerships.models import Neighbourhood

from ..models import LearningNote

SEARCH_MAX = 200  # characters of a search that are used; the rest is ignored
CONFIG = "english"


def search_vector() -> SearchVector:
    # The same expression as the GIN index (reporting/migrations/0012), so PostgreSQL uses it.
    return SearchVector("search_text", config=CONFIG)


def learning_note_list(*, viewer) -> QuerySet[LearningNote]:
    if not permissions.may_read_learning(viewer):
        return LearningNote.objects.none()
    return LearningNote.objects.select_related("partnership", "theme")


def learning_search(
    qs: QuerySet[LearningNote],
    *,
    text: str = "",
    theme_id: int | None = None,
    kind: str = "",
    region: str = "",
    imd_decile: int | None = None,
) -> QuerySet[LearningNote]:
    """Narrow a scoped list. Text is cleaned of NUL bytes and cut to SEARCH_MAX characters."""
    text = (text or "").replace("\x00", " ").strip()[:SEARCH_MAX]
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
        query = SearchQuery(text, config=CONFIG, search_type="websearch")
        vector = search_vector()
        return (
            qs.alias(search=vector)
            .filter(search=query)
            .annotate(rank=SearchRank(vector, query))
            .order_by("-rank", "-written_at", "-pk")
        )
    for word in text.split()[:10]:
        qs = qs.filter(search_text__icontains=word)
    return qs
