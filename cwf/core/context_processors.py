from .navigation import navigation_for


def navigation(request) -> dict:
    return {"service_navigation": navigation_for(request)}
