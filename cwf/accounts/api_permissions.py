from rest_framework.permissions import SAFE_METHODS, BasePermission

from .permissions import can_write_fund


class ReadOnlyForTrustees(BasePermission):
    """Signed-in users may read (selectors scope what they see). Writes are for officers only:
    trustees, and everyone else, get 403 on any unsafe method."""

    message = "This API is read-only for your role."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or can_write_fund(user)
