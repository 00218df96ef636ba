"""Celery beat's periodic tasks. The database scheduler copies these into its tables at start.
Each task finds due rows in the database, so a missed or repeated run is harmless (see
docs/architecture.md, "Background work")."""

from celery.schedules import crontab

# Each app adds its periodic tasks here; the database scheduler copies them into its tables.
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "cwf.core.tasks.heartbeat", "schedule": 30.0},
    "submission-keys-prune": {"task": "cwf.core.tasks.submission_keys_prune", "schedule": 3600.0},
    # Every e-mail owed: those whose after-commit task was lost, and failures past their
    # back-off (cwf/core/outbox.py).
    "outbox-send": {"task": "cwf.core.tasks.outbox_send", "schedule": 60.0},
    # Hourly, so a missed run costs an hour; each review is sent once (see the task).
    "composition-reviews": {
        "task": "partnerships.tasks.composition_reviews_send_due",
        "schedule": 3600.0,
    },
    # Builds board packs whose message was lost, and restarts those whose worker died.
    "board-packs-resume": {"task": "reporting.tasks.board_packs_resume", "schedule": 120.0},
    "recover-register-imports": {
        "task": "partnerships.tasks.import_batches_recover",
        "schedule": 60.0,
    },
    # Reminds chairs of plan reviews that are due; each review is reminded once.
    "grants-plan-reviews-remind": {
        "task": "grants.tasks.plan_reviews_remind_due",
        "schedule": 3600.0,
    },
    # Removes receipts held for spend forms that were abandoned after an error.
    "grants-pending-receipts-clear": {
        "task": "grants.tasks.pending_receipts_clear",
        "schedule": 3600.0,
    },
    # Releases the tranches that are due. Safe to run at any interval: it releases each once.
    "grants-release-due-tranches": {
        "task": "grants.tasks.tranches_release_due",
        "schedule": crontab(hour=6, minute=0),
    },
    # Quarterly reports: periods, reminders, escalation and holds, then e-mails; hourly, and
    # each step happens once (unique rows), so any interval is safe.
    "reporting-reports-hourly": {
        "task": "reporting.tasks.reports_hourly",
        "schedule": crontab(minute=15),
    },
    # The portfolio's figures at the end of each quarter, for the trends on the dashboard and
    # in board packs; hourly, and each quarter is taken once.
    "reporting-portfolio-snapshots": {
        "task": "reporting.tasks.portfolio_snapshots",
        "schedule": crontab(minute=25),
    },
    # Participatory budgets close themselves after their closing day (votes are taken through
    # it) and publish the result; hourly, and a closed budget is left alone.
    "participation-budgets-close": {
        "task": "participation.tasks.budgets_close_due",
        "schedule": crontab(minute=5),
    },
    # The retention schedule (settings.PRIVACY_RETENTION); each rule finds only rows not yet
    # done, so a second run the same day changes nothing.
    "privacy-retention": {
        "task": "privacy.tasks.retention_run",
        "schedule": crontab(hour=3, minute=30),
    },
    # The open data (docs/open-data.md): rebuilt hourly; a failed run keeps the last files.
    "reporting-open-data": {
        "task": "reporting.tasks.open_data_publish",
        "schedule": crontab(minute=40),
    },
    "reporting-weekly-digests": {
        "task": "reporting.tasks.digests_send",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
    },
}
