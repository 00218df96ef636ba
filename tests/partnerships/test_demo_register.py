import io

import pytest

from devtools.demo import accounts as accounts_demo
from devtools.demo import register as demo_register
from partnerships.models import ImportBatch, Neighbourhood

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_loads_the_imd_wards_and_the_cni_excerpt_once():
    out = io.StringIO()
    accounts_demo.seed(stdout=out)
    demo_register.seed(stdout=out)
    assert Neighbourhood.objects.filter(imd_score__isnull=False).count() == 7427
    assert Neighbourhood.objects.filter(cni_score__isnull=False).count() == 50
    assert "CNI for a 50-ward excerpt only" in out.getvalue()
    assert Neighbourhood.objects.filter(left_behind=True).exclude(name="").exists()
    demo_register.seed(stdout=out)
    assert ImportBatch.objects.count() == 2
