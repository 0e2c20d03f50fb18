from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from oauth2_provider.views import RevokeTokenView, TokenView
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("cases", views.CaseViewSet, basename="case")
router.register("tasks", views.TaskViewSet, basename="task")
router.register("services", views.ServiceViewSet, basename="service")
router.register("webhooks", views.WebhookViewSet, basename="webhook")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    # OAuth2 for back-office systems: client credentials only (api/oauth.py); no browser authorisation pages.
    path("oauth/token/", TokenView.as_view(), name="oauth-token"),
    path("oauth/revoke/", RevokeTokenView.as_view(), name="oauth-revoke"),
    path("v1/events/", views.EventFeedView.as_view(), name="events"),
    path("v1/", include(router.urls)),
]
