"""Issue 16 renamed some tasks after their services, and the outbox replaced the reporting
e-mail task. The database scheduler keeps the periodic tasks it copied from the old settings,
which would keep sending the old names to workers that no longer know them: remove them (beat
copies the new ones in at its next start)."""

from django.db import migrations

OLD_TASKS = [
    "grants.tasks.release_due_tranches",
    "grants.tasks.plan_reviews_remind",
    "partnerships.tasks.composition_reviews_send",
    "partnerships.tasks.recover_register_imports",
    "reporting.tasks.reports_daily",
    "reporting.tasks.notifications_send",
    "reporting.tasks.weekly_digests",
]


def remove_old(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task__in=OLD_TASKS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_outboxemail"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(remove_old, migrations.RunPython.noop)]
