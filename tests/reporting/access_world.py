"""Partnership B's quarterly report, for the access matrix (tests/access/world.py), built
through the services: periods created by the beat service, a story with a photo, and a
submitted version."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from reporting.models import QuarterlyReport
from reporting.services.periods import report_periods_create
from reporting.services.reports import Narrative, report_save_draft, report_story_add, report_submit
from tests.factories import Role, user_with_role


def png_upload(name="photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def reporting_objects(world) -> None:
    from tests.access.world import B_MARKER

    writer = user_with_role(Role.PARTNERSHIP_CHAIR, world.b, email="report-writer-b@matrix.test")
    report_periods_create()
    report = QuarterlyReport.objects.filter(partnership=world.b).order_by("quarter_start").first()
    text = f"{B_MARKER} report"
    report_save_draft(
        report_id=report.pk,
        actor=writer,
        narrative=Narrative(
            what_happened=text, outcome_needs=text, outcome_skills=text,
            outcome_difference=text, outcome_place=text, people_involved=1, volunteers=1,
        ),
    )  # fmt: skip
    story = report_story_add(
        report_id=report.pk, actor=writer, title=f"{B_MARKER} story", body=text, photo=png_upload()
    )
    report_submit(report_id=report.pk, actor=writer)
    world.b_objects["report"] = report
    world.b_objects["story"] = story


def learning_objects(world) -> None:
    """B's learning note (shared with every partnership by design) and a question about it from
    an officer, and an indicator in B's plan (tests.grants.plans_world made the plan)."""
    from datetime import date

    from grants.models import LibraryIndicator, PlanIndicator, Theme
    from grants.services.outcomes import library_ensure
    from reporting.services.learning import NoteInput, learning_note_write, learning_question_ask
    from tests.access.world import B_MARKER

    library_ensure()
    theme = Theme.objects.get(name="Environment")
    writer = user_with_role(Role.RESIDENT_MEMBER, world.b, email="note-writer-b@matrix.test")
    note = learning_note_write(
        partnership_id=world.b.pk,
        actor=writer,
        note=NoteInput(
            title="Tree planting", tried="Planting", happened="Trees", theme_id=theme.pk
        ),
    )
    world.b_objects["learning_question"] = learning_question_ask(
        note_id=note.pk, actor=world.users["officer"], body=f"{B_MARKER} question"
    )
    plan = world.b_objects["plan"]
    world.b_objects["indicator"] = PlanIndicator.objects.create(
        plan=plan, theme=theme, library=LibraryIndicator.objects.get(key="volunteers"),
        name="Volunteers", unit="volunteers", baseline=1, target=5,
        target_on=date(2027, 1, 1), lineage="b" * 32,
    )  # fmt: skip
    world.b_objects["learning_note"] = note
