from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cwf.accounts.roles import Role
from grants.models import Spend, SpendingPlan
from grants.services.disbursement import tranches_release_due
from grants.services.plans import plan_endorse, plan_submit
from grants.services.spending import SpendInput, spend_log
from tests.conftest import signed_in
from tests.factories import user_with_role
from tests.grants.plan_scenario import drafted, pay_released, setup_partnership

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


@pytest.fixture
def s():
    s = setup_partnership()
    plan = drafted(s)
    plan_submit(plan_id=plan.pk, actor=s["chair"])
    plan_endorse(plan_id=plan.pk, actor=s["officer"], today=date(2024, 5, 1))
    tranches_release_due(today=date(2024, 5, 1))
    pay_released(s)
    s["plan"] = plan
    return s


def _spend(s, amount="120.00", **kw):
    return spend_log(
        partnership_id=s["partnership"].pk, actor=s["resident"],
        data=SpendInput(
            spent_on=date(2024, 6, 1), amount=amount, payee="Hall Hire Ltd",
            description="Room", theme_id=s["themes"]["Community spaces"].pk,
        ),
        **kw,
    )  # fmt: skip


def test_chair_edits_and_the_difference_is_shown_then_submission_is_refused():
    s = setup_partnership()
    client = signed_in(s["chair"])
    response = client.post(f"/plans/partnership/{s['partnership'].pk}/new/")
    plan = SpendingPlan.objects.get()
    assert response.url == f"/plans/{plan.pk}/edit/"
    theme = s["themes"]["Environment"].pk
    response = client.post(
        f"/plans/{plan.pk}/edit/",
        {"legacy_statement": "Trees", f"vision_{theme}_1": "600000.00", "action_count": "3"},
        follow=True,
    )
    assert "£400,000.00 short of the allocation" in response.content.decode()
    assert "Difference: £400,000.00" in response.content.decode()
    response = client.post(f"/plans/{plan.pk}/submit/")
    assert "£400,000.00 still to plan" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == SpendingPlan.Status.DRAFT


def test_a_bad_amount_keeps_the_half_filled_plan_form():
    s = setup_partnership()
    client = signed_in(s["chair"])
    client.post(f"/plans/partnership/{s['partnership'].pk}/new/")
    plan = SpendingPlan.objects.get()
    theme = s["themes"]["Environment"].pk
    response = client.post(
        f"/plans/{plan.pk}/edit/",
        {"legacy_statement": "Half written", f"vision_{theme}_1": "12.345", "action_count": "3",
         "action_1_description": "Trees"},
    )  # fmt: skip
    body = response.content.decode()
    assert "There is a problem" in body and "fractions of a penny" in body
    assert "Half written" in body and 'value="12.345"' in body and 'value="Trees"' in body


def test_resident_cannot_edit_and_officer_endorses_through_the_page():
    s = setup_partnership()
    plan = drafted(s)
    assert signed_in(s["resident"]).get(f"/plans/{plan.pk}/edit/").status_code == 403
    plan_submit(plan_id=plan.pk, actor=s["chair"])
    officer = signed_in(s["officer"])
    response = officer.post(f"/plans/{plan.pk}/decide/", {"decision": "return", "comments": ""})
    assert "Say what needs to change" in response.content.decode()
    response = officer.post(f"/plans/{plan.pk}/decide/", {"decision": "endorse"}, follow=True)
    assert "Plan endorsed" in response.content.decode()
    trustee = signed_in(user_with_role(Role.TRUSTEE))
    assert trustee.get(f"/plans/{plan.pk}/").status_code == 200
    assert trustee.post(f"/plans/{plan.pk}/decide/", {"decision": "endorse"}).status_code == 403


def test_resident_logs_a_spend_with_a_receipt_on_the_page(s):
    client = signed_in(s["resident"])
    url = f"/plans/partnership/{s['partnership'].pk}/spending/log/"
    form = {
        "spent_on": "2024-06-01", "amount": "75.50", "payee": "Print Shop",
        "description": "Leaflets", "theme": str(s["themes"]["Young people"].pk),
    }  # fmt: skip
    response = client.post(url, {**form, "receipt": SimpleUploadedFile("r.png", PNG)}, follow=True)
    assert "Spend of £75.50 to Print Shop logged" in response.content.decode()
    spend = Spend.objects.get()
    receipt = client.get(f"/plans/spends/{spend.pk}/receipt/")
    assert receipt["Content-Disposition"].startswith("attachment")
    assert receipt["Content-Type"] == "image/png"
    assert b"".join(receipt.streaming_content) == PNG
    money = client.get(f"/plans/partnership/{s['partnership'].pk}/money/").content.decode()
    assert "£75.50" in money and "£99,924.50" in money


def test_bad_spend_keeps_the_form_and_names_the_problem(s):
    client = signed_in(s["resident"])
    url = f"/plans/partnership/{s['partnership'].pk}/spending/log/"
    form = {
        "spent_on": "2024-06-01", "amount": "900.00", "payee": "Stage Co",
        "description": "Stage", "theme": str(s["themes"]["Young people"].pk),
    }  # fmt: skip
    body = client.post(url, form).content.decode()
    assert "needs the decision" in body and 'value="Stage Co"' in body
    exe = SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00" + b"\x00" * 30)
    body = client.post(url, {**form, "amount": "10.00", "receipt": exe}).content.decode()
    assert "whatever its name says" in body
    assert Spend.objects.count() == 0


def test_edit_and_delete_are_refused_with_the_reversal_offered(s):
    spend = _spend(s)
    client = signed_in(s["resident"])
    for action in ("edit", "delete"):
        response = client.post(f"/plans/spends/{spend.pk}/{action}/", {"amount": "1.00"})
        assert response.status_code == 409
        assert "Reverse this spend instead" in response.content.decode()
    response = client.post(
        f"/plans/spends/{spend.pk}/reverse/", {"reason": "Logged twice"}, follow=True
    )
    assert "Spend reversed" in response.content.decode()
    assert Spend.objects.get(reverses=spend).amount == Decimal("-120.00")


def test_trustees_see_aggregates_but_never_entries_or_receipts(s):
    spend = _spend(s, receipt=SimpleUploadedFile("r.png", PNG))
    trustee = signed_in(user_with_role(Role.TRUSTEE))
    assert trustee.get(f"/plans/spends/{spend.pk}/").status_code == 404
    assert trustee.get(f"/plans/spends/{spend.pk}/receipt/").status_code == 404
    assert trustee.get(f"/plans/partnership/{s['partnership'].pk}/spending/").status_code == 403
    money = trustee.get(f"/plans/partnership/{s['partnership'].pk}/money/").content.decode()
    assert "£120.00" in money and "Hall Hire" not in money


def test_exports_carry_the_same_figures(s):
    _spend(s)
    client = signed_in(s["finance"])
    csv = client.get(f"/plans/partnership/{s['partnership'].pk}/money.csv").content.decode()
    assert (
        "Received by the LTO,100000.00" in csv
        and "Spent,120.00" in csv
        and "Held by the LTO,99880.00" in csv
    )
    assert "Community spaces,1,50000.00,120.00,49880.00" in csv
    xlsx = client.get(f"/plans/partnership/{s['partnership'].pk}/money.xlsx")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(xlsx.content)).active
    figures = {row[0].value: row[1].value for row in sheet.iter_rows(max_col=2) if row[0].value}
    assert figures["Held by the LTO"] == 99880


def test_csv_import_preview_then_confirm_and_bad_file_shows_lines(s):
    client = signed_in(s["finance"])
    url = f"/plans/partnership/{s['partnership'].pk}/spending/import/"
    bad = "Date,Payee,Description,Amount,Theme,Decision\n01/06/2024,A,B,0,Young people,\n"
    body = client.post(url, {"file": SimpleUploadedFile("b.csv", bad.encode())}).content.decode()
    assert "Line 2:" in body and Spend.objects.count() == 0
    good = "Date,Payee,Description,Amount,Theme,Decision\n01/06/2024,A,B,10.00,Young people,\n"
    response = client.post(url, {"file": SimpleUploadedFile("b.csv", good.encode())})
    preview = client.get(response.url).content.decode()
    assert "£10.00 in total" in preview and Spend.objects.count() == 0
    client.post(response.url)
    assert Spend.objects.count() == 1


def test_spend_list_query_count_does_not_grow(s, django_assert_max_num_queries):
    client = signed_in(s["resident"])
    url = f"/plans/partnership/{s['partnership'].pk}/spending/"
    _spend(s)
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    for _ in range(15):
        _spend(s, amount="1.00")
    with django_assert_max_num_queries(12) as large:
        client.get(url)
    assert len(small.captured_queries) == len(large.captured_queries)


def test_plan_index_query_count_does_not_grow(s, django_assert_max_num_queries):
    client = signed_in(s["officer"])
    with django_assert_max_num_queries(12) as small:
        client.get("/plans/")
    for _ in range(5):
        setup_partnership()
    with django_assert_max_num_queries(12) as large:
        response = client.get("/plans/")
    assert response.status_code == 200
    assert len(small.captured_queries) == len(large.captured_queries)
