from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cwf.accounts.roles import Role
from cwf.core.errors import DomainError, ScopeError
from grants.models import Spend, SpendImport
from grants.selectors.closeout import close_out_remaining
from grants.selectors.spending import spend_summary, spend_totals_by_partnership
from grants.services.disbursement import tranches_release_due
from grants.services.plans import plan_endorse, plan_submit
from grants.services.spend_import import ImportRefused, spend_import_confirm, spend_import_upload
from grants.services.spending import SpendInput, spend_log, spend_reverse
from tests.factories import PartnershipFactory, user_with_role
from tests.grants.plan_scenario import agreed_decision, drafted, pay_released, setup_partnership

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 40


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


def data(s, amount="120.00", **kw):
    return SpendInput(
        spent_on=kw.pop("spent_on", date(2024, 6, 1)),
        amount=amount,
        payee=kw.pop("payee", "Hall Hire Ltd"),
        description=kw.pop("description", "Room for the fun day"),
        theme_id=kw.pop("theme_id", s["themes"]["Community spaces"].pk),
        **kw,
    )


def test_resident_logs_a_spend_with_a_receipt_and_it_shows_in_the_summary(s):
    receipt = SimpleUploadedFile("photo.png", PNG, content_type="image/png")
    spend = spend_log(
        partnership_id=s["partnership"].pk, actor=s["resident"], data=data(s), receipt=receipt
    )
    assert spend.receipt_content_type == "image/png"
    assert spend.receipt.name.endswith(".png") and "photo" not in spend.receipt.name
    summary = spend_summary(partnership_id=s["partnership"].pk)
    assert summary.received == Decimal("100000.00")
    assert summary.spent == Decimal("120.00")
    assert summary.held == Decimal("99880.00")
    row = next(r for r in summary.rows if r.theme == "Community spaces" and r.year == 1)
    assert row.actual == Decimal("120.00") and row.planned == Decimal("50000.00")


def test_spend_above_threshold_needs_a_decision_and_cannot_exceed_it(s):
    p = s["partnership"].pk
    with pytest.raises(DomainError, match="needs the decision"):
        spend_log(partnership_id=p, actor=s["resident"], data=data(s, "500.01"))
    spend_log(partnership_id=p, actor=s["resident"], data=data(s, "500.00"))
    decision = agreed_decision(s["partnership"], s["officer"], amount="2000.00")
    spend_log(
        partnership_id=p, actor=s["resident"], data=data(s, "1500.00", decision_id=decision.pk)
    )
    with pytest.raises(DomainError, match=r"at most £500\.00 more"):
        spend_log(
            partnership_id=p, actor=s["resident"], data=data(s, "500.01", decision_id=decision.pk)
        )
    spend_log(
        partnership_id=p, actor=s["resident"], data=data(s, "500.00", decision_id=decision.pk)
    )


def test_a_decision_of_another_partnership_is_refused(s):
    other = setup_partnership()
    foreign = agreed_decision(other["partnership"], other["officer"])
    with pytest.raises(DomainError, match="this partnership's decision log"):
        spend_log(
            partnership_id=s["partnership"].pk, actor=s["resident"],
            data=data(s, "900.00", decision_id=foreign.pk),
        )  # fmt: skip


def test_a_user_of_another_partnership_cannot_log_or_reverse(s):
    outsider = user_with_role(Role.PARTNERSHIP_CHAIR, PartnershipFactory())
    with pytest.raises(ScopeError):
        spend_log(partnership_id=s["partnership"].pk, actor=outsider, data=data(s))
    spend = spend_log(partnership_id=s["partnership"].pk, actor=s["resident"], data=data(s))
    with pytest.raises(ScopeError):
        spend_reverse(spend_id=spend.pk, actor=outsider, reason="not mine")
    for viewer in (s["officer"], user_with_role(Role.TRUSTEE)):
        with pytest.raises(ScopeError):
            spend_log(partnership_id=s["partnership"].pk, actor=viewer, data=data(s))


@pytest.mark.parametrize("amount", ["0", "0.00", "-10.00", "1.001"])
def test_zero_negative_or_sub_penny_amounts_are_refused(s, amount):
    with pytest.raises(DomainError):
        spend_log(partnership_id=s["partnership"].pk, actor=s["resident"], data=data(s, amount))
    assert Spend.objects.count() == 0


def test_a_future_date_is_refused(s):
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(DomainError, match="future"):
        spend_log(
            partnership_id=s["partnership"].pk, actor=s["resident"], data=data(s, spent_on=tomorrow)
        )


def test_receipts_are_checked_by_content_and_size(s, settings):
    p = s["partnership"].pk
    exe = SimpleUploadedFile("invoice.pdf", EXE, content_type="application/pdf")
    with pytest.raises(DomainError, match="whatever its name says"):
        spend_log(partnership_id=p, actor=s["resident"], data=data(s), receipt=exe)
    settings.RECEIPT_MAX_BYTES = 1024
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 2000, content_type="application/pdf")
    with pytest.raises(DomainError, match="largest allowed"):
        spend_log(partnership_id=p, actor=s["resident"], data=data(s), receipt=big)
    assert Spend.objects.count() == 0
    ok = SimpleUploadedFile("scan.jpeg", PDF, content_type="image/jpeg")
    assert (
        spend_log(partnership_id=p, actor=s["resident"], data=data(s), receipt=ok).receipt_ext
        == "pdf"
    )


def test_reversal_is_a_new_entry_with_a_reason_once(s):
    spend = spend_log(partnership_id=s["partnership"].pk, actor=s["resident"], data=data(s))
    with pytest.raises(DomainError, match="why"):
        spend_reverse(spend_id=spend.pk, actor=s["chair"], reason="  ")
    reversal = spend_reverse(spend_id=spend.pk, actor=s["chair"], reason="Logged twice")
    assert reversal.amount == Decimal("-120.00") and reversal.reverses == spend
    with pytest.raises(DomainError, match="already been reversed"):
        spend_reverse(spend_id=spend.pk, actor=s["chair"], reason="again")
    with pytest.raises(DomainError, match="itself a reversal"):
        spend_reverse(spend_id=reversal.pk, actor=s["chair"], reason="again")
    assert spend_summary(partnership_id=s["partnership"].pk).spent == Decimal("0.00")


def test_close_out_counts_released_but_unspent_money(s):
    allocation = s["allocation"]
    allocation.refresh_from_db()
    # Before anything is logged, released money counts as spent (the earlier rule).
    assert close_out_remaining(allocation) == Decimal("900000.00")
    spend_log(partnership_id=s["partnership"].pk, actor=s["resident"], data=data(s, "400.00"))
    # From the first logged spend: unreleased 900,000 + held by the LTO 99,600.
    assert close_out_remaining(allocation) == Decimal("999600.00")


def test_totals_by_partnership_are_one_query(s, django_assert_num_queries):
    spend_log(partnership_id=s["partnership"].pk, actor=s["resident"], data=data(s, "400.00"))
    PartnershipFactory.create_batch(3)
    with django_assert_num_queries(1):
        rows = {p.pk: (p.received, p.spent) for p in spend_totals_by_partnership()}
    assert rows[s["partnership"].pk] == (Decimal("100000.00"), Decimal("400.00"))


def _csv(*lines):
    body = "Date,Payee,Description,Amount,Theme,Decision\n" + "\n".join(lines) + "\n"
    return SimpleUploadedFile("bank.csv", body.encode(), content_type="text/csv")


def test_csv_import_with_a_bad_row_is_refused_whole_with_line_numbers(s):
    upload = _csv(
        "01/06/2024,Hall Hire,Room,120.00,Community spaces,",
        "02/06/2024,Paint Co,Paint,-5.00,Community spaces,",
        "03/06/2099,Future Ltd,Later,10.00,Community spaces,",
        "04/06/2024,Big Co,Stage,900.00,Young people,",
        "05/06/2024,X,Y,10.00,Space travel,",
    )
    with pytest.raises(ImportRefused) as refused:
        spend_import_upload(partnership_id=s["partnership"].pk, actor=s["finance"], upload=upload)
    problems = refused.value.problems
    assert [p.split(":")[0] for p in problems] == ["Line 3", "Line 4", "Line 5", "Line 6"]
    assert Spend.objects.count() == 0 and SpendImport.objects.count() == 0


def test_csv_import_previews_then_writes_everything(s):
    decision = agreed_decision(s["partnership"], s["officer"], amount="1000.00")
    upload = _csv(
        "01/06/2024,Hall Hire,Room,120.00,Community spaces,",
        f"2024-06-02,Stage Co,Stage,1000.00,young people,{decision.pk}",
    )
    batch = spend_import_upload(
        partnership_id=s["partnership"].pk, actor=s["finance"], upload=upload
    )
    assert Spend.objects.count() == 0 and len(batch.rows) == 2
    created = spend_import_confirm(import_id=batch.pk, actor=s["finance"])
    assert sum(c.amount for c in created) == Decimal("1120.00")
    with pytest.raises(DomainError, match="already been dealt with"):
        spend_import_confirm(import_id=batch.pk, actor=s["finance"])


def test_csv_rows_together_cannot_exceed_a_decision(s):
    decision = agreed_decision(s["partnership"], s["officer"], amount="1000.00")
    upload = _csv(
        f"01/06/2024,A,One,600.00,Young people,{decision.pk}",
        f"02/06/2024,B,Two,600.00,Young people,{decision.pk}",
    )
    with pytest.raises(ImportRefused) as refused:
        spend_import_upload(partnership_id=s["partnership"].pk, actor=s["finance"], upload=upload)
    assert refused.value.problems[0].startswith("Line 3:")


def test_only_lto_finance_imports(s):
    with pytest.raises(ScopeError):
        spend_import_upload(
            partnership_id=s["partnership"].pk, actor=s["resident"],
            upload=_csv("01/06/2024,A,One,6.00,Young people,"),
        )  # fmt: skip


def test_csv_with_a_missing_column_is_refused():
    s = setup_partnership()
    upload = SimpleUploadedFile("bank.csv", b"Date,Amount\n01/01/2024,5\n")
    with pytest.raises(ImportRefused, match="problem"):
        spend_import_upload(partnership_id=s["partnership"].pk, actor=s["finance"], upload=upload)


def test_summary_for_a_period_counts_only_that_period(s):
    p = s["partnership"].pk
    spend_log(
        partnership_id=p, actor=s["resident"], data=data(s, "10.00", spent_on=date(2024, 6, 1))
    )
    spend_log(
        partnership_id=p, actor=s["resident"], data=data(s, "20.00", spent_on=date(2024, 7, 1))
    )
    june = spend_summary(partnership_id=p, start=date(2024, 6, 1), end=date(2024, 6, 30))
    assert (june.received, june.spent) == (Decimal("0.00"), Decimal("10.00"))
    may = spend_summary(partnership_id=p, start=date(2024, 5, 1), end=date(2024, 5, 31))
    assert (may.received, may.spent, may.held) == (
        Decimal("100000.00"),
        Decimal("0.00"),
        Decimal("100000.00"),
    )
