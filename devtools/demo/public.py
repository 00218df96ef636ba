"""The demo in the open (docs/open-data.md): Horden Together publishes its public page, one of
its purchases is marked "not for publication" (so the page shows one was withheld), and the open
data is published once, as beat would. Idempotent."""

from __future__ import annotations

from cwf.accounts.models import User
from grants.models import Spend, SpendWithholding
from grants.services.spending import spend_withhold
from partnerships.models import Partnership
from partnerships.services.partnerships import partnership_publish
from reporting.services.open_data import open_data_publish

OFFICER = "officer@example.org"
PUBLISHED = ("Horden Together",)
WITHHELD_REASON = "Demo: the payee is a refuge whose address must not be published."


def seed(*, stdout) -> None:
    officer = User.objects.filter(email=OFFICER).first()
    if officer is None:
        return
    published = []
    for partnership in Partnership.objects.filter(name__in=PUBLISHED):
        partnership_publish(partnership_id=partnership.pk, actor=officer)
        published.append(partnership.name)
        spends = Spend.objects.filter(partnership=partnership, reverses__isnull=True)
        if not SpendWithholding.objects.filter(spend__partnership=partnership).exists():
            last = spends.filter(decision__isnull=True).order_by("-spent_on", "-pk").first()
            if last is not None:
                spend_withhold(spend_id=last.pk, actor=officer, reason=WITHHELD_REASON)
    open_data_publish()
    stdout.write(f"Public pages: {', '.join(published) or 'none'} published; open data built.")
