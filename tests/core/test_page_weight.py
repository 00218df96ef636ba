"""A resident's pages stay light with the production static files: the first page they open
(nothing cached) and the next one (cached static files), fetched as a browser would."""

from pathlib import Path

import pytest

from devtools.bench.page_weight import PRODUCTION_STATIC, collect_static, page_loads
from tests.conftest import signed_in
from tests.grants.plan_scenario import setup_partnership

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
# Budgets in bytes (brotli): the GOV.UK stylesheet and scripts are most of the first load.
FIRST_LOAD, NEXT_LOAD = 60_000, 12_000


def test_production_serves_the_static_files_the_measurement_uses():
    backend = PRODUCTION_STATIC["staticfiles"]["BACKEND"]
    assert f'"BACKEND": "{backend}"' in (ROOT / "cwf/settings/production.py").read_text()


def test_a_residents_first_and_next_page_stay_light(tmp_path, settings):
    collect_static(tmp_path)
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = PRODUCTION_STATIC
    s = setup_partnership()
    client = signed_in(s["resident"])
    spend_log = f"/plans/partnership/{s['partnership'].pk}/spending/log/"
    first, second = page_loads(client, ["/", spend_log])

    # Every static file is sent compressed and kept for a year, so the next page asks for none.
    assert {asset.url.rsplit(".", 1)[-1] for asset in first.assets} >= {"css", "mjs", "js"}
    assert all(a.encoding in ("br", "gzip") for a in first.assets if not a.url.endswith(".svg"))
    assert all(asset.cached for asset in first.assets), [
        asset.url for asset in first.assets if not asset.cached
    ]
    assert second.assets == []
    assert first.total_compressed <= FIRST_LOAD
    assert second.total_compressed <= NEXT_LOAD
