"""The service navigation, by role. Each app adds its own links through NAVIGATION_ITEMS below,
so the shell never needs to know which features exist.

A phone shows the first screen of a page, not of the menu, so each role gets only a few links in
the menu bar (the ones whose `top` says so), and every link it may follow on the menu page
(/menu/). On a phone the bar itself collapses behind GOV.UK Frontend's "Menu" button, or, without
JavaScript, behind a link to the menu page (templates/base.html, frontend/scss/app.scss)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from cwf.accounts import permissions


@dataclass(frozen=True)
class NavItem:
    # A string, or a function of the user (e.g. "Notifications (3)").
    label: object
    url_name: str
    # A function of the user that says whether the link is shown at all.
    visible: object = None
    # A function of the user that says whether the link is in the menu bar; otherwise it is only
    # on the menu page.
    top: object = None
    # One line on the menu page saying what is there.
    hint: str = ""


def _everyone(user) -> bool:
    return True


def in_partnership(user) -> bool:
    """Residents, chairs and LTO finance: what they do most is their own partnership's."""
    return bool(permissions.partnership_ids(user))


def runs_fund(user) -> bool:
    return permissions.is_officer(user)


def oversees_fund(user) -> bool:
    return permissions.sees_portfolio(user)


NAVIGATION_ITEMS: list[NavItem] = [
    NavItem("Home", "home", _everyone, _everyone, "What needs doing now, and everyday tasks"),
]
# Links that belong at the end of the menu, after every app's own.
TRAILING_ITEMS: list[NavItem] = [
    NavItem(
        "API tokens", "api_token_index", permissions.sees_portfolio, None, "Read data by the API"
    ),
]


def register_nav_item(item: NavItem) -> None:
    """An app adds its link to the menu (in its AppConfig.ready), once."""
    if all(existing.url_name != item.url_name for existing in NAVIGATION_ITEMS):
        NAVIGATION_ITEMS.append(item)


def _items(request) -> list[dict]:
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
        top = bool(item.top and item.top(user))
        items.append({"label": label, "url": url, "active": active, "top": top, "hint": item.hint})
    return items


def navigation_for(request) -> list[dict]:
    """The menu bar: the role's few top links, then "More" (the menu page)."""
    items = [item for item in _items(request) if item["top"]]
    if not items:
        return []
    url = reverse("menu")
    more = {"label": "More", "url": url, "active": request.path == url, "top": True, "hint": ""}
    return [*items, more]


def menu_for(request) -> list[dict]:
    """Every link the role may follow, for the menu page."""
    return _items(request)


__all__ = [
    "NavItem",
    "in_partnership",
    "menu_for",
    "navigation_for",
    "oversees_fund",
    "permissions",
    "register_nav_item",
    "runs_fund",
]
