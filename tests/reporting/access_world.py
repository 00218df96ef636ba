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
