"""Issue 23, findings 4 and 5: neighbourhoods made of LSOAs (built by searching, by a list of
codes, or from one LSOA and the LSOAs near it), their population against 5,000 to 15,000 as a
warning, their combined figures by the stated method (population-weighted scores re-ranked
against England, the share of people in doubly disadvantaged LSOAs; equal weights, labelled,
when populations are missing; never a mean of ranks), and everything downstream: the
partnership, the portfolio's breakdowns by decile, 360Giving and the API."""

import math

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerships.models import LsoaNeighbourhood, Neighbourhood, Partnership
from partnerships.services.lsoa_neighbourhoods import lsoa_neighbourhood_create
from reporting import threesixtygiving
from reporting.selectors.breakdowns import portfolio_breakdowns
from tests.conftest import signed_in
from tests.grants import scenario as money
from tests.partnerships.register_files import (
    CNI2023_EXCERPT,
    IOD2025_EXCERPT,
    lsoa_register,
    made_up_population,
    read_rows,
)

pytestmark = pytest.mark.django_db

# Five LSOAs of Hartlepool from the excerpt: real IoD2025 and CNI 2023 scores.
HARTLEPOOL = ["E01011952", "E01011953", "E01011954", "E01011955", "E01011957"]


def independent(codes: list[str], *, weighted: bool = True) -> dict:
    """The combined figures worked out here from the excerpt files, not by the product."""
    imd = {r["lsoa21_code"]: float(r["IMD_score"]) for r in read_rows(IOD2025_EXCERPT)}
    cni = {
        r["lsoa21_code"]: float(r["Community Needs Index 2023 Score"])
        for r in read_rows(CNI2023_EXCERPT)
    }
    weight = {c: made_up_population(c) if weighted else 1 for c in codes}
    total = sum(weight.values())
    out = {"population": sum(made_up_population(c) for c in codes)}
    for key, scores in (("imd", imd), ("cni", cni)):
        score = sum(weight[c] * scores[c] for c in codes) / total
        rank = 1 + sum(1 for s in scores.values() if s > score)
        out[key] = (score, rank, math.ceil(10 * rank / len(scores)))
    return out


@pytest.fixture
def lsoas(tmp_path):
    lsoa_register(tmp_path)
    assert set(HARTLEPOOL) <= set(Neighbourhood.objects.values_list("code", flat=True))


def test_combined_figures_are_population_weighted_and_reranked_against_england(
    lsoas, officer, officer_client
):
    area = lsoa_neighbourhood_create(actor=officer, name="Central Hartlepool", codes=HARTLEPOOL)
    expected = independent(HARTLEPOOL)

    assert area.population == expected["population"]
    assert area.weighting == "population"
    assert area.imd_score == pytest.approx(expected["imd"][0])
    assert (area.imd_rank, area.imd_decile) == expected["imd"][1:]
    assert area.cni_score == pytest.approx(expected["cni"][0])
    assert (area.cni_rank, area.cni_decile) == expected["cni"][1:]
    assert (area.imd_edition, area.cni_edition) == ("iod2025", "cni2023")
    doubly = Neighbourhood.objects.filter(code__in=HARTLEPOOL, doubly_disadvantaged=True)
    people = sum(made_up_population(n.code) for n in doubly)
    assert area.doubly_share == pytest.approx(people / expected["population"])

    page = officer_client.get(reverse("lsoa_neighbourhood_detail", args=[area.pk]))
    text = page.content.decode()
    assert f"{expected['population']:,} residents" in text
    assert f"IMD decile {expected['imd'][2]}" in text
    assert f"CNI decile {expected['cni'][2]}" in text
    assert "weighted by each LSOA's mid-2022 population" in text
    assert "Ranks are never averaged" in text
    assert "IoD2025" in text and "CNI 2023" in text


def test_equal_weights_are_labelled_when_populations_are_missing(tmp_path, officer, officer_client):
    lsoa_register(tmp_path, population=False)
    area = lsoa_neighbourhood_create(actor=officer, name="No populations", codes=HARTLEPOOL)
    expected = independent(HARTLEPOOL, weighted=False)

    assert area.weighting == "equal" and area.population is None
    assert area.imd_score == pytest.approx(expected["imd"][0])
    assert area.imd_decile == expected["imd"][2]
    text = officer_client.get(reverse("lsoa_neighbourhood_detail", args=[area.pk])).content
    text = text.decode()
    assert "Equal weights: populations are missing" in text
    assert "with equal weights, because some LSOAs have no population" in text
    assert "5 of its LSOAs have no population in the register" in text


def test_a_population_outside_the_range_is_a_warning_not_a_block(lsoas, officer, officer_client):
    area = lsoa_neighbourhood_create(actor=officer, name="Too small", codes=HARTLEPOOL[:2])
    assert area.population < 5000
    text = officer_client.get(reverse("lsoa_neighbourhood_detail", args=[area.pk])).content
    assert "is outside the fund's range of 5,000 to 15,000" in text.decode()
    response = officer_client.post(
        reverse("lsoa_neighbourhood_partnership", args=[area.pk]), {"partnership_name": "Small"}
    )
    assert response.status_code == 302
    assert Partnership.objects.get(name="Small").lsoa_neighbourhood == area


def test_an_officer_builds_one_by_uploading_codes(lsoas, officer_client):
    upload = SimpleUploadedFile(
        "codes.csv", ("lsoa\n" + "\n".join(HARTLEPOOL[:3]) + "\n").encode(), "text/csv"
    )
    response = officer_client.post(
        reverse("lsoa_neighbourhood_new"), {"name": "Uploaded", "codes": "", "file": upload}
    )
    area = LsoaNeighbourhood.objects.get(name="Uploaded")
    assert response.status_code == 302
    assert sorted(area.lsoas.values_list("code", flat=True)) == HARTLEPOOL[:3]


def test_unknown_codes_are_named_and_nothing_is_built(lsoas, officer_client):
    response = officer_client.post(
        reverse("lsoa_neighbourhood_new"), {"name": "Bad", "codes": "E01011954 E01999999"}
    )
    assert "Not LSOAs in the register: E01999999" in response.content.decode()
    assert not LsoaNeighbourhood.objects.exists()


def test_an_officer_searches_then_adds_lsoas_near_one(lsoas, officer, officer_client):
    found = officer_client.get(reverse("lsoa_neighbourhood_new"), {"q": "Hartlepool 001"})
    assert "E01011954" in found.content.decode() or "Hartlepool 001" in found.content.decode()

    area = lsoa_neighbourhood_create(actor=officer, name="Growing", codes=[HARTLEPOOL[0]])
    page = officer_client.get(
        reverse("lsoa_neighbourhood_detail", args=[area.pk]), {"near": HARTLEPOOL[0]}
    ).content.decode()
    assert "The register has no adjacency data" in page
    assert "LSOAs of the same local authority with the nearest codes" in page
    assert HARTLEPOOL[1] in page
    officer_client.post(
        reverse("lsoa_neighbourhood_detail", args=[area.pk]),
        {"action": "add", "add": HARTLEPOOL[1:3]},
    )
    assert area.lsoas.count() == 3
    area.refresh_from_db()
    assert area.population == sum(made_up_population(c) for c in HARTLEPOOL[:3])


def test_downstream_partnership_breakdowns_360giving_and_api(lsoas, officer, trustee):
    area = lsoa_neighbourhood_create(actor=officer, name="Central Hartlepool", codes=HARTLEPOOL)
    from partnerships.services.partnerships import partnership_create

    partnership = partnership_create(
        actor=officer, name="Hartlepool Together", lsoa_neighbourhood_id=area.pk
    )
    assert sorted(partnership.neighbourhoods.values_list("code", flat=True)) == HARTLEPOOL
    approver = money.officers()[1]
    money.fund(officer)
    money.lto_for(partnership)
    money.approved(officer, approver, partnership=partnership)

    by = {b.key: b for b in portfolio_breakdowns(viewer=trustee)}
    [row] = by["imd_decile"].rows
    assert (row.key, row.partnerships) == (area.imd_decile, 1)
    [row] = by["cni_decile"].rows
    assert row.key == area.cni_decile

    [grant] = threesixtygiving.package(viewer=trustee)["grants"]
    locations = grant["beneficiaryLocation"]
    assert sorted(loc["geoCode"] for loc in locations) == HARTLEPOOL
    assert {loc["geoCodeType"] for loc in locations} == {"LSOA"}

    client = signed_in(trustee)
    [p] = client.get("/api/v1/partnerships/").json()["results"]
    assert p["lsoa_neighbourhood"]["imd_decile"] == area.imd_decile
    assert p["lsoa_neighbourhood"]["weighting"] == "population"
    assert len(p["neighbourhoods"]) == 5
    [a] = client.get("/api/v1/lsoa-neighbourhoods/").json()["results"]
    assert sorted(a["lsoas"]) == HARTLEPOOL and a["partnerships"] == [partnership.pk]
    lsoa = client.get(f"/api/v1/neighbourhoods/{HARTLEPOOL[0]}/").json()
    assert (lsoa["imd_edition"], lsoa["geography"]) == ("iod2025", "lsoa21")

    figures = client.get(reverse("reporting:partnership_figures"), {"imd_decile": area.imd_decile})
    assert "Hartlepool Together" in figures.content.decode()


def test_editing_a_partnerships_codes_updates_its_lsoa_neighbourhood(
    lsoas, officer, officer_client
):
    """Issue 23's gap: the edit page changed the partnership's LSOAs but left its neighbourhood
    (and so its combined figures, its place in the breakdowns) as they were."""
    from partnerships.services.partnerships import partnership_create

    area = lsoa_neighbourhood_create(actor=officer, name="Central Hartlepool", codes=HARTLEPOOL)
    partnership = partnership_create(
        actor=officer, name="Hartlepool Together", lsoa_neighbourhood_id=area.pk
    )
    url = reverse("partnerships:partnership_edit", args=[partnership.pk])
    page = officer_client.get(url).content.decode()
    assert 'id="lsoa-neighbourhood"' in page and "Central Hartlepool" in page
    fewer = HARTLEPOOL[:3]
    response = officer_client.post(
        url, {"name": "Hartlepool Together", "neighbourhood_codes": " ".join(fewer)}
    )
    assert response.status_code == 302
    area.refresh_from_db()
    assert sorted(area.lsoas.values_list("code", flat=True)) == fewer
    assert area.population == independent(fewer)["population"]
    score, rank, decile = independent(fewer)["imd"]
    assert math.isclose(area.imd_score, score, rel_tol=1e-9)
    assert (area.imd_rank, area.imd_decile) == (rank, decile)
    partnership.refresh_from_db()
    assert partnership.lsoa_neighbourhood == area
    assert sorted(partnership.neighbourhoods.values_list("code", flat=True)) == fewer

    # A set another partnership shares is changed on its own page, not from one partnership's.
    partnership_create(actor=officer, name="Headland Forum", lsoa_neighbourhood_id=area.pk)
    refused = officer_client.post(
        url, {"name": "Hartlepool Together", "neighbourhood_codes": " ".join(HARTLEPOOL)}
    )
    body = refused.content.decode()
    assert refused.status_code == 200 and "also the neighbourhood of Headland Forum" in body
    assert sorted(area.lsoas.values_list("code", flat=True)) == fewer

    # A ward instead: a ward partnership now, and the set stays the other partnership's.
    Neighbourhood.objects.create(code="E05000001", kind="ward", name="A ward")
    officer_client.post(url, {"name": "Hartlepool Together", "neighbourhood_codes": "E05000001"})
    partnership.refresh_from_db()
    assert partnership.lsoa_neighbourhood is None
    assert list(partnership.neighbourhoods.values_list("code", flat=True)) == ["E05000001"]
    assert sorted(area.lsoas.values_list("code", flat=True)) == fewer
