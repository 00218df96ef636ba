"""The Django admin is a second door into the data, outside the selectors that scope each
read: it lists people, roles and invitations (cwf/accounts/admin.py) and the managed list of
themes, nothing else of the product's. Voters' addresses, co-funders' contacts, learning
questions, local income and its evidence are reached only through pages that check who asks;
registering one of their models in the admin must be a decision, so this test names them."""

from django.contrib import admin

ALLOWED = {"accounts.User", "accounts.RoleAssignment", "accounts.Invitation", "grants.Theme"}
PRODUCT_APPS = {"accounts", "core", "partnerships", "grants", "reporting", "participation",
                "privacy"}  # fmt: skip


def test_the_admin_registers_no_product_model_beyond_people_roles_and_themes():
    registered = {
        model._meta.label for model in admin.site._registry
        if model._meta.app_label in PRODUCT_APPS
    }  # fmt: skip
    assert registered == ALLOWED
