"""Outcome values reported each quarter, and the learning library partnerships share."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Q

from cwf.core.models import Tracked


class IndicatorValue(models.Model):
    """One indicator's value in one quarterly report, or "not measured this quarter". Written
    while the report is being written; frozen with it at submission (the report is no longer
    editable, and the submitted version keeps a copy)."""

    report = models.ForeignKey(
        "reporting.QuarterlyReport", on_delete=models.CASCADE, related_name="indicator_values"
    )
    indicator = models.ForeignKey(
        "grants.PlanIndicator", on_delete=models.PROTECT, related_name="values"
    )
    # Denormalised from the indicator, so a trend across plan versions is one filter.
    lineage = models.CharField(max_length=32)
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    quarter_start = models.DateField()
    value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    not_measured = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["quarter_start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "lineage"], name="one_value_per_indicator"),
            models.CheckConstraint(
                name="value_or_not_measured",
                condition=Q(not_measured=True, value__isnull=True)
                | Q(not_measured=False, value__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["partnership", "lineage", "quarter_start"])]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"


class NeighbourhoodKind(models.TextChoices):
    """The kinds of left-behind neighbourhood (DOMAIN.md), so a note finds places like its own."""

    COALFIELD = "coalfield", "Former pit village or coalfield"
    POST_INDUSTRIAL = "post_industrial", "Post-industrial town"
    EDGE_ESTATE = "edge_estate", "Estate on the edge of a town or city"
    INNER_CITY = "inner_city", "Inner-city neighbourhood"
    COASTAL = "coastal", "Isolated coastal place"
    RURAL = "rural", "Rural or isolated place"


SEARCH_CONFIG = "english"


class NoteSearchVector(SearchVector):
    """The learning library's search vector: PostgreSQL's to_tsvector of the note's text. SQLite
    has no full-text type and searches search_text with icontains, so there the column is NULL
    (the migration that adds the column runs on both databases)."""

    def as_sqlite(self, compiler, connection, **extra_context):
        return "NULL", []


class LearningNote(Tracked):
    """A short account of what a partnership tried and learned, for other partnerships."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="learning_notes"
    )
    theme = models.ForeignKey("grants.Theme", on_delete=models.PROTECT, related_name="+")
    neighbourhood_kind = models.CharField(
        "kind of neighbourhood", max_length=20, choices=NeighbourhoodKind.choices, blank=True
    )
    title = models.CharField(max_length=200)
    tried = models.TextField("what we tried")
    happened = models.TextField("what happened")
    differently = models.TextField("what we would do differently", blank=True)
    costs = models.TextField("what it cost", blank=True)
    # The partnership chose to show it on its public page too.
    is_public = models.BooleanField("show on the partnership's public page", default=False)
    from_story = models.ForeignKey(
        "reporting.ReportStory", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(auto_now_add=True)
    # Title and text in one column, kept by the service, for full-text search (a GIN index on
    # PostgreSQL, reporting/migrations/0012) and the SQLite fallback.
    search_text = models.TextField(blank=True, editable=False)
    # Its tsvector, computed and stored by PostgreSQL on every write (bulk_create and the
    # privacy erasure's update included), with a GIN index (reporting/migrations/0014): the
    # search ranks over the stored vector instead of parsing every matching note's text again,
    # which took 2.6 s at 10,000 notes (docs/performance.md, "Issue 19: the learning search").
    search_vector = models.GeneratedField(
        expression=NoteSearchVector("search_text", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["-written_at", "-pk"]
        indexes = [models.Index(fields=["theme", "written_at"])]

    def __str__(self) -> str:
        return self.title


class LearningQuestion(models.Model):
    """A question about a note, to the writing partnership's chair(s), in the product. Neither
    side sees the other's e-mail address."""

    note = models.ForeignKey(LearningNote, on_delete=models.CASCADE, related_name="questions")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The asker's own partnership, when they have one: named in the notice instead of an address.
    asker_partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    body = models.TextField()
    asked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-asked_at", "-pk"]

    def __str__(self) -> str:
        return f"Question on {self.note}"


class LearningAnswer(models.Model):
    """The writing partnership's reply to a question, by one of its chairs, in the product. It
    reaches the asker's notifications naming the chair and partnership, never an e-mail
    address. A chair may reply more than once (a follow-up); each reply is told once."""

    question = models.ForeignKey(LearningQuestion, on_delete=models.CASCADE, related_name="answers")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField()
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["answered_at", "pk"]

    def __str__(self) -> str:
        return f"Answer to {self.question}"
