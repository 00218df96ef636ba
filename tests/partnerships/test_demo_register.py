import io

import pytest

from devtools.demo import accounts as accounts_demo
from devtools.demo import register as demo_register
from partnerships.models import ImportBatch, LsoaNeighbourhood, Neighbourhood, Partnership

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_loads_the_imd_wards_and_the_cni_excerpt_once():
    out = io.StringIO()
    accounts_demo.seed(stdout=out)
    demo_register.seed(stdout=out)
    wards = Neighbourhood.objects.filter(kind="ward")
    assert wards.filter(imd_score__isnull=False).count() == 7427
    assert wards.filter(cni_score__isnull=False).count() == 50
    assert "CNI for a 50-ward excerpt only" in out.getvalue()
    assert Neighbourhood.objects.filter(left_behind=True).exclude(name="").exists()
    demo_register.seed(stdout=out)
    assert ImportBatch.objects.count() == 4  # wards: IMD, CNI; LSOAs: IoD2025, CNI 2023


def test_the_demo_has_lsoas_and_a_partnership_whose_neighbourhood_is_a_set_of_them():
    """Issue 23's gap: the demo had no LSOA data. The excerpt's 142 LSOAs with both editions,
    a neighbourhood of five Hartlepool LSOAs with its combined figures, and a partnership."""
    out = io.StringIO()
    accounts_demo.seed(stdout=out)
    demo_register.seed(stdout=out)
    lsoas = Neighbourhood.objects.filter(kind="lsoa")
    assert lsoas.count() == 142
    assert lsoas.filter(imd_edition="iod2025", cni_edition="cni2023").count() == 142
    area = LsoaNeighbourhood.objects.get(name=demo_register.LSOA_NEIGHBOURHOOD)
    codes = sorted(area.lsoas.values_list("code", flat=True))
    assert codes == ["E01011950", "E01011994", "E01011999", "E01012000", "E01035188"]
    assert area.population == 1750 + 1794 + 1799 + 1400 + 1588  # made-up, in the 5,000-15,000
    assert area.in_range and area.imd_decile == 1 and area.imd_edition == "iod2025"
    partnership = Partnership.objects.get(name=demo_register.LSOA_PARTNERSHIP)
    assert partnership.lsoa_neighbourhood == area
    assert sorted(partnership.neighbourhoods.values_list("code", flat=True)) == codes
    assert "Central Hartlepool (demo) is 5 LSOAs of about 8,331 people" in out.getvalue()
    demo_register.seed(stdout=out)
    assert LsoaNeighbourhood.objects.count() == 1
    assert Partnership.objects.filter(name=demo_register.LSOA_PARTNERSHIP).count() == 1
    assert ImportBatch.objects.count() == 4
