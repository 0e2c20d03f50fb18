from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/studio/", include("admin_ext.studio.urls")),  # the designer studio, inside the admin login
    path("admin/", admin.site.urls),
    path("accounts/", include("identity.account_urls")),  # sign-in and sign-out (names "login", "logout")
    path("accounts/", include("identity.urls")),  # single sign-on and MFA
    path("work/", include("casework.urls")),
    path("reports/", include("reporting.urls")),
    path("sharing/", include("sharing.urls")),
    path("api/", include("api.urls")),
    path("hooks/", include("connectors.urls")),
    path("", include("portal.urls")),
]

handler404 = "councilflow.error_views.page_not_found"
handler500 = "councilflow.error_views.server_error"
