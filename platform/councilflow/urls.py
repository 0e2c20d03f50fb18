from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("admin/studio/", include("admin_ext.studio.urls")),  # the designer studio, inside the admin login
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("work/", include("casework.urls")),
    path("reports/", include("reporting.urls")),
    path("sharing/", include("sharing.urls")),
    path("api/", include("api.urls")),
    path("hooks/", include("connectors.urls")),
    path("", include("portal.urls")),
]

handler404 = "councilflow.error_views.page_not_found"
handler500 = "councilflow.error_views.server_error"
