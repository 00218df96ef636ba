"""Residents beyond the partnership (issue 20): participatory budgets (ideas, costs, votes) and
consultations (questions, answers online and on paper), and the neighbourhood's postcodes that
a voter's postcode is checked against.

A voter's e-mail address is personal and kept only until the result is published plus
settings.PRIVACY_RETENTION["voter_email_days_after_result"]; `email_hash` (a keyed hash) stays,
so a second vote from the same address is still refused after the address is gone."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from cwf.core.money import money_column

LANGUAGES = {"en": "English", "cy": "Cymraeg", "pl": "Polski", "ur": "اردو", "pa": "ਪੰਜਾਬੀ"}
# The same languages named in English, for the partnership's forms.
LANGUAGES_IN_ENGLISH = {
    "en": "English", "cy": "Welsh", "pl": "Polish", "ur": "Urdu", "pa": "Punjabi"
}  # fmt: skip
RIGHT_TO_LEFT = {"ur"}


class Translated(models.Model):
    """Public text in English (the fields) and, optionally, other languages:
    `translations = {"cy": {"title": ..., "description": ...}}`."""

    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True

    def in_language(self, field: str, lang: str) -> str:
        other = (self.translations or {}).get(lang, {}).get(field, "")
        return other or getattr(self, field)

    @property
    def languages(self) -> list[tuple[str, str]]:
        codes = ["en"] + [c for c in LANGUAGES if c != "en" and c in (self.translations or {})]
        return [(c, LANGUAGES[c]) for c in codes]


class Budget(Translated):
    """An amount a partnership sets aside for a theme, which residents decide on."""

    class Status(models.TextChoices):
        IDEAS = "ideas", "Collecting ideas"
        COSTING = "costing", "Costing the shortlist"
        VOTING = "voting", "Voting"
        CLOSED = "closed", "Closed: result published"

    class Method(models.TextChoices):
        BUDGET = "budget", "Choose projects up to the budget"
        RANKING = "ranking", "Rank the projects"

    TRANSITIONS = {
        Status.IDEAS: {Status.COSTING},
        Status.COSTING: {Status.VOTING, Status.IDEAS},
        Status.VOTING: {Status.CLOSED},
        Status.CLOSED: set(),
    }

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="budgets"
    )
    theme = models.ForeignKey("grants.Theme", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    amount = money_column()
    method = models.CharField(max_length=10, choices=Method.choices, default=Method.BUDGET)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.IDEAS)
    opens_on = models.DateField("voting opens on")
    closes_on = models.DateField("voting closes on")
    result_published_at = models.DateTimeField(null=True, blank=True)
    # The tally as published: [{"idea": pk, "title": ..., "cost": "..", "votes": n,
    # "points": n, "won": bool}], frozen at the close.
    tally = models.JSONField(default=list, blank=True)
    decision = models.OneToOneField(
        "partnerships.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="budget_amount_positive"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="budget_dates_in_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Idea(models.Model):
    """A resident's proposal. Nothing appears until the partnership approves it."""

    class Status(models.TextChoices):
        HELD = "held", "Waiting for moderation"
        PUBLISHED = "published", "Published"
        SHORTLISTED = "shortlisted", "Shortlisted"
        REJECTED = "rejected", "Not published"

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="ideas")
    title = models.CharField(max_length=120)
    description = models.TextField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.HELD)
    # Why the moderator should look twice: a link, or a long text.
    flag = models.CharField(max_length=100, blank=True)
    cost = money_column(null=True, blank=True)
    action_line = models.ForeignKey(
        "grants.ActionLine", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost__gt=0), name="idea_cost_positive"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Voter(models.Model):
    """One person's claim to vote in one budget: an address confirmed by a signed one-time link,
    and where they live, work or study."""

    class Connection(models.TextChoices):
        LIVE = "live", "I live here"
        WORK = "work", "I work here"
        STUDY = "study", "I study here"

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="voters")
    email = models.EmailField(blank=True)  # emptied by retention; email_hash stays
    email_hash = models.CharField(max_length=64)
    postcode = models.CharField(max_length=8, blank=True)  # emptied with the address
    connection = models.CharField(max_length=5, choices=Connection.choices)
    # True: the postcode is on the neighbourhood's list; False: declared (no list was imported).
    postcode_checked = models.BooleanField(default=False)
    nonce = models.CharField(max_length=32, blank=True)  # the one-time link's; blank once used
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["budget", "email_hash"], name="one_voter_per_address")
        ]

    def __str__(self) -> str:
        return f"Voter {self.pk}"


class Vote(models.Model):
    """A confirmed voter's one ballot. `network` and `device` are keyed hashes (a /24 or /48
    prefix; a cookie's value), for the limits and the suspicious-pattern view, never shown."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="votes")
    voter = models.OneToOneField(Voter, on_delete=models.CASCADE, related_name="vote")
    network = models.CharField(max_length=16)
    device = models.CharField(max_length=16)
    cast_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Vote {self.pk}"


class VoteChoice(models.Model):
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="choices")
    idea = models.ForeignKey(Idea, on_delete=models.PROTECT, related_name="choices")
    rank = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vote", "idea"], name="one_choice_per_idea")]

    def __str__(self) -> str:
        return f"Choice {self.pk}"


class NeighbourhoodPostcode(models.Model):
    """A postcode in a partnership's neighbourhood, from the ONS postcode directory extract an
    officer imported. No rows: voters' postcodes are taken on their word (labelled so)."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="postcodes"
    )
    postcode = models.CharField(max_length=8)  # normalised: upper case, no spaces
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "postcode"], name="one_row_per_postcode")
        ]

    def __str__(self) -> str:
        return self.postcode


class Consultation(Translated):
    """A question or a short survey put to everyone who lives there."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="consultations"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    opens_on = models.DateField()
    closes_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="consultation_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Question(Translated):
    class Kind(models.TextChoices):
        CHOICE = "choice", "Choose one"
        RANKING = "ranking", "Rank the options"
        TEXT = "text", "Free text"

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    text = models.CharField(max_length=300)
    options = models.JSONField(default=list, blank=True)  # the English options, in order

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text

    def text_in(self, lang: str) -> str:
        return (self.translations or {}).get(lang, {}).get("text") or self.text

    def option_texts(self, lang: str) -> list[str]:
        other = (self.translations or {}).get(lang, {}).get("options") or []
        return [other[i] if i < len(other) and other[i] else o for i, o in enumerate(self.options)]


class Response(models.Model):
    """One person's answers: online (anonymous) or from paper at an event."""

    class Source(models.TextChoices):
        ONLINE = "online", "Online"
        PAPER = "paper", "On paper"

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="responses"
    )
    source = models.CharField(max_length=6, choices=Source.choices)
    event = models.CharField(max_length=200, blank=True)  # where paper was gathered
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(source="online", entered_by__isnull=True)
                | Q(source="paper", entered_by__isnull=False),
                name="paper_responses_say_who_entered_them",
            )
        ]

    def __str__(self) -> str:
        return f"Response {self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.PositiveSmallIntegerField(null=True, blank=True)  # an option's index
    ranking = models.JSONField(default=list, blank=True)  # option indexes, first choice first
    text = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Answer {self.pk}"
