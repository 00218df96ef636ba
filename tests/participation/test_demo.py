"""The demo's participatory budget and consultation (issue 20)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from participation.models import Budget, Consultation, Idea
from participation.services.consultations import is_open


@pytest.mark.django_db
def test_the_demo_has_a_closed_budget_with_its_money_trail_and_an_open_consultation():
    call_command("seed_demo", stdout=StringIO())
    budget = Budget.objects.get(partnership__name="Horden Together")
    assert budget.status == "closed" and budget.tally and budget.decision is not None
    assert Idea.objects.filter(budget=budget, action_line__isnull=False).count() == 3
    consultation = Consultation.objects.get(partnership__name="Horden Together")
    assert is_open(consultation)
    html = Client().get(f"/open/partnerships/{budget.partnership_id}/").content.decode()
    assert "You voted:" in html and "£1,480.00</span> spent so far" in html
    assert Client().get(f"/take-part/consultations/{consultation.pk}/").status_code == 200
