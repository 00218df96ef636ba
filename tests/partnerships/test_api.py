import pytest
from django.core.management import call_command

from tests.conftest import signed_in
from tests.factories import Role, user_with_role
from tests.partnerships import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return f.officer_user()


def test_partnerships_carry_status_neighbourhoods_lto_and_figures(officer):
    made = f.partnership(officer, residents=6, others=2)
    body = signed_in(user_with_role(Role.TRUSTEE)).get("/api/v1/partnerships/").json()
    row = body["results"][0]
    assert row["name"] == made.name and row["status"] == "forming"
    assert row["neighbourhoods"][0]["code"].startswith("E05")
    assert row["lto"]["org_id"].startswith("GB-CHC-")
    assert row["composition"]["voting_members"] == 8
    assert row["composition"]["resident_voting_members"] == 6
    assert row["composition"]["resident_share"] == "0.7500"
    assert row["composition"]["rules_met"] is True


def test_a_trustee_never_gets_names_or_emails(officer):
    made = f.partnership(officer)
    meeting = f.meeting_with_attendance(officer, made)
    f.decision(officer, meeting, conflicted_member_ids=(made.members.order_by("pk")[0].pk,))
    trustee = signed_in(user_with_role(Role.TRUSTEE))
    for url in ("/api/v1/partnerships/", "/api/v1/decisions/"):
        text = trustee.get(url).content.decode()
        assert "Resident 1" not in text and "@example.net" not in text
    response = trustee.get("/api/v1/members/")
    assert response.status_code == 403
    assert "composition figures" in response.json()["detail"]


def test_members_are_for_officers_and_their_own_partnership(officer):
    made = f.partnership(officer)
    other = f.partnership(officer, name="Other")
    resident = signed_in(user_with_role(Role.RESIDENT_MEMBER, made))
    rows = resident.get("/api/v1/members/").json()["results"]
    assert {row["partnership"]["id"] for row in rows} == {made.pk}
    assert rows[0]["email"] is None  # names to members; addresses to officers and the chair
    assert resident.get(f"/api/v1/members/{other.members.first().pk}/").status_code == 404
    officer_rows = signed_in(officer).get("/api/v1/members/", {"partnership": made.pk}).json()
    assert officer_rows["count"] == 8 and officer_rows["results"][0]["email"].endswith(".net")


def test_decisions_filter_and_scope(officer):
    made = f.partnership(officer)
    other = f.partnership(officer, name="Other")
    f.decision(officer, f.meeting_with_attendance(officer, made), amount=None)
    f.decision(officer, f.meeting_with_attendance(officer, other), title="Other's")
    chair = signed_in(user_with_role(Role.PARTNERSHIP_CHAIR, made))
    rows = chair.get("/api/v1/decisions/").json()["results"]
    assert [row["partnership"] for row in rows] == [{"id": made.pk, "name": made.name}]
    officer_client = signed_in(officer)
    money = officer_client.get("/api/v1/decisions/", {"has_amount": "true"}).json()
    assert [row["title"] for row in money["results"]] == ["Other's"]
    assert money["results"][0]["amount"] == "1250.50"


# Session, user, roles and MFA take 6 queries; then count, page and prefetches.
@pytest.mark.parametrize(
    ("url", "queries"),
    [("/api/v1/partnerships/", 10), ("/api/v1/decisions/", 9), ("/api/v1/members/", 8)],
)
def test_list_query_counts_do_not_grow_with_page_size(
    officer, url, queries, django_assert_num_queries
):
    client = signed_in(officer)
    for n in range(6):
        made = f.partnership(officer, name=f"P{n}")
        f.decision(officer, f.meeting_with_attendance(officer, made))
    for size in (2, 50):
        with django_assert_num_queries(queries):
            assert client.get(url, {"page_size": size}).status_code == 200


def test_the_api_is_read_only(officer):
    client = signed_in(officer)
    assert client.post("/api/v1/partnerships/", {"name": "X"}).status_code == 405


def test_the_schema_builds_without_warnings(tmp_path):
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(tmp_path / "s.yml"))
    schema = (tmp_path / "s.yml").read_text()
    assert "/api/v1/partnerships/" in schema and "/api/v1/members/" in schema
