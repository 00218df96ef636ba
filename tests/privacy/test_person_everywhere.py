"""Done when: a person who appears in every place personal data can be is exported (every place
appears in the export), then erased (no text column of any table and no stored file still holds
their name, e-mail or phone), and the ledger and every money figure are unchanged."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from cwf.core.errors import ScopeError
from grants.models import Entry, Spend
from partnerships.models import Decision
from partnerships.services import members
from privacy.models import PrivacyRequest
from privacy.services.erasure import erasure_approve, erasure_propose
from privacy.services.export import export_download, export_request
from tests.privacy.person_scenario import EMAIL, NAME, PHONE, person_everywhere

TERMS = [NAME.lower(), EMAIL.lower(), PHONE.lower()]


def database_holding(terms) -> list[str]:
    """Every table.column (of every table in the database) whose text holds any term."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            columns = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    text = str(value).lower() if value is not None else ""
                    if any(term in text for term in terms):
                        found.append(f"{table}.{column}")
    return sorted(set(found))


def files_holding(settings, terms) -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return [
        str(path.relative_to(root))
        for path in root.rglob("*")
        if path.is_file() and any(t.encode() in path.read_bytes().lower() for t in terms)
    ]


def money_figures() -> dict:
    from grants.selectors.money import money_by_partnership

    return {
        "by_partnership": {k: str(v) for k, v in money_by_partnership().items()},
        "entries": list(Entry.objects.order_by("pk").values_list("account_id", "amount")),
        "spends": list(Spend.objects.order_by("pk").values_list("amount", "spent_on")),
        "decisions": list(Decision.objects.order_by("pk").values_list("amount", "votes_for")),
    }


def ledger_verify() -> str:
    out = io.StringIO()
    call_command("ledger_verify", stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_person_everywhere_is_exported_then_erased_and_the_books_are_unchanged(settings):
    s = person_everywhere()
    priya, officer, second = s["priya"], s["officer"], s["second"]
    held = database_holding(TERMS)
    for place in [
        "accounts_user.email", "account_emailaddress.email", "partnerships_member.full_name",
        "grants_spend.payee", "partnerships_decision.decided",
        "partnerships_conflictofinterest.interest", "partnerships_meeting.minutes",
        "reporting_reportversion.content", "reporting_reportstory.body",
        "accounts_invitation.email", "core_outboxemail.to", "partnerships_ltocontact.phone",
        "auditlog_logentry.changes",
    ]:  # fmt: skip
        assert place in held, place
    assert files_holding(settings, TERMS)  # the receipt she uploaded names her

    # Export: every place appears in the ZIP, with her receipt and her story's photo.
    request = export_request(actor=officer, user=priya)
    request.refresh_from_db()
    assert request.status == PrivacyRequest.Status.READY
    assert request.progress_percent == 100
    archive = zipfile.ZipFile(io.BytesIO(export_download(actor=officer, request_id=request.pk)))
    mentions = json.loads(archive.read("mentions.json"))
    person = json.loads(archive.read("person.json"))
    for label in [
        "accounts.User.email", "account.EmailAddress.email", "partnerships.Member.full_name",
        "grants.Spend.payee", "partnerships.Decision.decided",
        "partnerships.ConflictOfInterest.interest", "partnerships.Meeting.minutes",
        "reporting.ReportVersion.content", "reporting.ReportStory.body",
        "accounts.Invitation.email", "core.OutboxEmail.to", "partnerships.LtoContact.phone",
        "auditlog.LogEntry.changes",
    ]:  # fmt: skip
        assert label in mentions, label
    assert person["memberships"][0]["meetings_attended"][0]["meeting"] == "June meeting"
    assert person["memberships"][0]["conflicts_of_interest"]
    names = archive.namelist()
    assert any(n.startswith("receipts/") for n in names)
    assert any(n.startswith("photos/") for n in names)
    # Downloadable once: the file is gone and a second download is refused.
    with pytest.raises(ScopeError):
        export_download(actor=officer, request_id=request.pk)

    before = money_figures()
    verified = ledger_verify()

    # Refused while she holds a role and an active membership, with the reason shown.
    with pytest.raises(ScopeError, match="Take the role away first"):
        erasure_propose(actor=officer, user=priya, reason="She asked us to.")
    members.member_leave(actor=officer, member_id=s["member"].pk, left_on=s["member"].joined_on)
    priya.refresh_from_db()
    assert not priya.role_assignments.exists()

    proposed = erasure_propose(actor=officer, user=priya, reason="She asked us to, by letter.")
    with pytest.raises(ScopeError, match="second officer"):
        erasure_approve(actor=officer, request_id=proposed.pk)
    erased = erasure_approve(actor=second, request_id=proposed.pk)
    assert erased.pseudonym == f"Former member {proposed.pk}"

    assert database_holding(TERMS) == []
    assert files_holding(settings, TERMS) == []
    s["member"].refresh_from_db()
    assert s["member"].full_name == erased.pseudonym
    assert s["meeting"].attendees.filter(pk=s["member"].pk).exists()  # attendance kept
    assert erased.pseudonym in Decision.objects.get(pk=s["decision"].pk).decided
    assert money_figures() == before
    assert ledger_verify() == verified
