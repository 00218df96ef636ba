"""The service navigation, by role. Each app adds its own links through NAVIGATION_ITEMS below,
so the shell never needs to know which features exist."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from cwf.accounts import permissions


@dataclass(frozen=True)
class NavItem:
    # A string, or a function of the user (e.g. "Notifications (3)").
    label: object
    url_name: str
    # A function of the user that says whether the link is shown.
    visible: object = None


def _everyone(user) -> bool:
    return True


NAVIGATION_ITEMS: list[NavItem] = [
    NavItem("Home", "home", _everyone),
]
# Links that belong at the end of the menu, after every app's own.
TRAILING_ITEMS: list[NavItem] = [
    NavItem("API tokens", "api_token_index", permissions.sees_portfolio),
]


def register(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in NAVIGATION_ITEMS):
        NAVIGATION_ITEMS.append(item)


def navigation_for(request) -> list[dict]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    for item in [*NAVIGATION_ITEMS, *TRAILING_ITEMS]:
        if item.visible and not item.visible(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        active = request.path == url or (url != "/" and request.path.startswith(url))
        label = item.label(user) if callable(item.label) else item.label
        items.append({"label": label, "url": url, "active": active})
    return items


__all__ = ["NavItem", "navigation_for", "permissions", "register"]
