"""Partnership B's plan, spend, receipt, import and plan review for the access matrix, built
through the services on top of grants_objects' active allocation."""

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from cwf.accounts.roles import Role
from grants.services.plans import (
    ActionInput,
    plan_draft_start,
    plan_endorse,
    plan_save,
    plan_submit,
    themes_ensure,
)
from grants.services.spend_import import spend_import_upload
from grants.services.spending import SpendInput, spend_log
from tests.factories import user_with_role

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def plans_objects(world) -> None:
    from tests.access.world import B_MARKER

    b, officer = world.b, world.users["officer"]
    allocation = world.b_objects["allocation"]
    allocation.refresh_from_db()
    themes = {t.name: t for t in themes_ensure()}
    chair = user_with_role(Role.PARTNERSHIP_CHAIR, b, email="plan-chair-b@matrix.test")
    finance = user_with_role(Role.LTO_FINANCE, b, email="finance-b@matrix.test")
    plan = plan_draft_start(partnership_id=b.pk, actor=chair)
    per_year = allocation.amount / allocation.term_years
    plan_save(
        plan_id=plan.pk,
        actor=chair,
        vision={
            (themes["Environment"].pk, y): per_year for y in range(1, allocation.term_years + 1)
        },
        actions=[
            ActionInput(themes["Environment"].pk, f"{B_MARKER} trees", 2, "90000.00", B_MARKER)
        ],
        legacy_statement=B_MARKER,
    )
    plan_submit(plan_id=plan.pk, actor=chair)
    plan_endorse(plan_id=plan.pk, actor=officer, today=date(2024, 5, 1))
    world.b_objects["plan"] = plan
    # Nothing has been paid to B's LTO: its finance contact logs the spend, fronting the money.
    world.b_objects["spend"] = spend_log(
        partnership_id=b.pk,
        actor=finance,
        data=SpendInput(
            spent_on=date(2024, 6, 1),
            amount=Decimal("45.00"),
            payee=f"{B_MARKER} Payee",
            description=B_MARKER,
            theme_id=themes["Environment"].pk,
            fronted_by_lto=True,
        ),
        receipt=SimpleUploadedFile("r.png", PNG),
    )
    csv = (
        f"Date,Payee,Description,Amount,Theme,Decision\n01/06/2024,{B_MARKER},x,5.00,Environment,\n"
    )
    world.b_objects["spend_import"] = spend_import_upload(
        partnership_id=b.pk,
        actor=finance,
        upload=SimpleUploadedFile("b.csv", csv.encode()),
        fronted_by_lto=True,
    )
    world.b_objects["plan_review"] = plan.reviews.get()
