"""The register of personal data names every field that could hold it (privacy/register.py)."""

import re

from django.apps import apps
from django.db import models

from privacy.register import NOT_PERSONAL, PERSONAL

LOOKS_PERSONAL = re.compile(r"name|e_?mail|phone|mobile|address|birth|payee|contact|postcode")


def _looks_personal(field) -> bool:
    if getattr(field, "choices", None):
        return False
    if isinstance(field, models.EmailField | models.TextField | models.JSONField):
        return True
    if isinstance(field, models.FileField | models.CharField):
        return True  # any free text could be about someone: declare it either way
    return bool(LOOKS_PERSONAL.search(field.name))


def _fields():
    # Every installed app: allauth, the admin's log and beat hold text too.
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            yield f"{model._meta.label}.{field.name}", field


def test_every_field_that_could_hold_personal_data_is_declared():
    undeclared = [
        label
        for label, field in _fields()
        if _looks_personal(field) and label not in PERSONAL and label not in NOT_PERSONAL
    ]
    assert undeclared == [], (
        "Declare these in privacy/register.py (PERSONAL with what, why and how long, "
        f"or NOT_PERSONAL with the reason): {undeclared}"
    )


def test_the_register_names_only_fields_that_exist_and_each_once():
    existing = {label for label, _ in _fields()}
    assert sorted(set(PERSONAL) - existing) == []
    assert sorted(set(NOT_PERSONAL) - existing) == []
    assert set(PERSONAL) & set(NOT_PERSONAL) == set()


def test_a_new_personal_looking_field_fails_the_check():
    field = models.CharField(max_length=20)
    field.name = "phone_number"
    assert _looks_personal(field)
    dob = models.DateField()
    dob.name = "date_of_birth"
    assert _looks_personal(dob)


def test_each_declaration_says_what_why_and_how_long():
    for label, held in PERSONAL.items():
        assert held.what and held.why and held.kept, label
        assert held.kind in {"identity", "contact", "text", "file"}, label
