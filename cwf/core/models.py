from django.db import models
from django.db.models.functions import Now
from django.utils import timezone


class Heartbeat(models.Model):
    """When a background component last proved it was alive (the worker, by running a task)."""

    name = models.CharField(max_length=50, unique=True)
    last_seen = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.last_seen:%Y-%m-%d %H:%M:%S}"


class TrackedQuerySet(models.QuerySet):
    """Bulk writes move `updated_at` too (Django's auto_now does not see .update() or
    bulk_update), so an API client that syncs with `updated_after` never misses a change."""

    def update(self, **kwargs):
        kwargs.setdefault("updated_at", timezone.now())
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        now = timezone.now()
        for obj in objs:
            obj.updated_at = now
        return super().bulk_update(objs, [*fields, "updated_at"], batch_size=batch_size)


class Tracked(models.Model):
    """A record the API serves: when it last changed, for incremental syncs (`updated_after`).
    The database default fills rows written by raw SQL (the register's imports) and rows that
    existed before the column did."""

    updated_at = models.DateTimeField(auto_now=True, db_default=Now(), db_index=True)

    objects = TrackedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        # auto_now sets the value, but save(update_fields=[...]) writes only the fields named.
        if update_fields is not None:
            update_fields = {*update_fields, "updated_at"}
        super().save(*args, update_fields=update_fields, **kwargs)
