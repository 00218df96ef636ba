from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import F, Q

from .roles import GLOBAL_ROLES, SCOPED_ROLES, Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A person who can sign in. People log in with their e-mail address; there is no username."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=200, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.get_full_name()


class RoleAssignment(models.Model):
    """One role held by one user, scoped to one partnership for the partnership roles.

    A partnership role is in force as soon as it is granted. A fund-wide role (officer, trustee,
    administrator) is in force only once a second person has confirmed it (`confirmed_at`): an
    officer or administrator who is neither the granter nor the holder. Until then it is a
    request that gives nothing (permissions reads only roles in force). `confirmed_by` is empty
    for grants the system made itself (the demo, and the roles that existed before this rule)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=32, choices=Role.choices)
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    granted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["role", "partnership_id"]
        constraints = [
            # Four eyes on fund-wide roles, held by the database as well as the service.
            models.CheckConstraint(
                name="role_confirmer_is_not_granter",
                condition=Q(confirmed_by__isnull=True) | ~Q(confirmed_by=F("granted_by")),
                violation_error_message="The person who granted a role cannot confirm it.",
            ),
            models.CheckConstraint(
                name="role_confirmer_is_not_holder",
                condition=Q(confirmed_by__isnull=True) | ~Q(confirmed_by=F("user")),
                violation_error_message="Nobody confirms their own role.",
            ),
            models.CheckConstraint(
                name="role_confirmed_by_needs_confirmed_at",
                condition=Q(confirmed_by__isnull=True) | Q(confirmed_at__isnull=False),
            ),
            models.CheckConstraint(
                name="role_scope_matches_role",
                condition=(
                    Q(role__in=sorted(SCOPED_ROLES), partnership__isnull=False)
                    | Q(role__in=sorted(GLOBAL_ROLES), partnership__isnull=True)
                ),
                violation_error_message=(
                    "Partnership roles need a partnership; fund-wide roles must not have one."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "partnership"], name="one_scoped_role_per_partnership"
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(partnership__isnull=True),
                name="one_global_role",
            ),
        ]

    def __str__(self) -> str:
        scope = f" of {self.partnership}" if self.partnership_id else ""
        waiting = "" if self.in_force else " (waiting for confirmation)"
        return f"{self.get_role_display()}{scope}{waiting}"

    @property
    def in_force(self) -> bool:
        return self.partnership_id is not None or self.confirmed_at is not None


class Invitation(models.Model):
    """An invitation to join with one role. Only a hash of the token is stored: the link in the
    e-mail is the only copy of the secret."""

    class Status(models.TextChoices):
        # A fund-wide role: not sent until a second officer or an administrator confirms it.
        AWAITING = "awaiting", "Awaiting confirmation"
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        REVOKED = "revoked", "Revoked"

    OPEN_STATUSES = (Status.AWAITING, Status.PENDING)

    email = models.EmailField()
    full_name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=32, choices=Role.choices)
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
    )
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="invitation_confirmer_is_not_inviter",
                condition=Q(confirmed_by__isnull=True) | ~Q(confirmed_by=F("invited_by")),
                violation_error_message="The person who invited cannot confirm the invitation.",
            ),
            models.CheckConstraint(
                name="invitation_scope_matches_role",
                condition=(
                    Q(role__in=sorted(SCOPED_ROLES), partnership__isnull=False)
                    | Q(role__in=sorted(GLOBAL_ROLES), partnership__isnull=True)
                ),
            ),
            models.UniqueConstraint(
                fields=["email", "role", "partnership"],
                condition=Q(status__in=["awaiting", "pending"]),
                name="one_pending_invitation_per_role",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.email} ({self.get_role_display()})"


class ApiToken(models.Model):
    """A personal API token. Shown once when created; only its SHA-256 is stored. The prefix
    (first characters) lets people tell their tokens apart without revealing them."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
