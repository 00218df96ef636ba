from rest_framework.routers import SimpleRouter

from .views import DecisionViewSet, MemberViewSet, PartnershipViewSet

# Path-style routes (<int:partnership_pk>), so the access matrix can fill them.
router = SimpleRouter(use_regex_path=False)
router.register("partnerships", PartnershipViewSet, basename="api-partnership")
router.register("decisions", DecisionViewSet, basename="api-decision")
router.register("members", MemberViewSet, basename="api-member")

urlpatterns = router.urls
