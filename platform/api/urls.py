from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from oauth2_provider.views import RevokeTokenView, TokenView
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("cases", views.CaseViewSet, basename="case")
router.register("tasks", views.TaskViewSet, basename="task")
router.register("services", views.ServiceViewSet, basename="service")
router.register("customers", views.CustomerViewSet, basename="customer")
router.register("attachments", views.AttachmentViewSet, basename="attachment")
router.register("webhooks", views.WebhookViewSet, basename="webhook")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI from drf-spectacular-sidecar's bundled files; the "split" view serves its start-up script as a
    # file of this site, so the page runs under our Content-Security-Policy (no inline script).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # OAuth2 for back-office systems: client credentials only (api/oauth.py); no browser authorisation pages.
    path("oauth/token/", TokenView.as_view(), name="oauth-token"),
    path("oauth/revoke/", RevokeTokenView.as_view(), name="oauth-revoke"),
    path("v1/events/", views.EventFeedView.as_view(), name="events"),
    path("v1/", include(router.urls)),
]
