from django.urls import path

from . import views

app_name = "identity"

urlpatterns = [
    path("sso/start/", views.SsoStartView.as_view(), name="sso_start"),
    path("sso/callback/", views.SsoCallbackView.as_view(), name="sso_callback"),
    path("sso/no-access/", views.no_access, name="no_access"),
    path("sso/failed/", views.sso_failed, name="sso_failed"),
    path("mfa/setup/", views.mfa_setup, name="mfa_setup"),
    path("mfa/verify/", views.mfa_verify, name="mfa_verify"),
]
