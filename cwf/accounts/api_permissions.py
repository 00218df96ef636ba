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


class PartnershipPeopleWrite(BasePermission):
    """Reads for every signed-in person with a role (selectors scope them); writes for a
    partnership's own people and officers, never trustees. Which partnership a write may touch
    is the service's check (`may_write_learning_note`, `may_write_report`)."""

    message = "Only partnership members and fund officers can write here."

    def has_permission(self, request, view) -> bool:
        from .permissions import PARTNERSHIP_PEOPLE, is_officer, partnership_ids, roles_of

        user = request.user
        if not (user and user.is_authenticated and roles_of(user)):
            return False
        if request.method in SAFE_METHODS:
            return True
        return is_officer(user) or bool(partnership_ids(user, PARTNERSHIP_PEOPLE))
