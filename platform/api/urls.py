from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from oauth2_provider.views import RevokeTokenView, TokenView
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("cases", views.CaseViewSet, basename="case")
router.register("tasks", views.TaskViewSet, basename="task")
router.register("services", views.ServiceViewSet, basename="service")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # OAuth2 for back-office systems: client credentials only (api/oauth.py); no browser authorisation pages.
    path("oauth/token/", TokenView.as_view(), name="oauth-token"),
    path("oauth/revoke/", RevokeTokenView.as_view(), name="oauth-revoke"),
    path("", include(router.urls)),
]
