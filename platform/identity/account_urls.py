"""Sign-in and sign-out at the names the whole project uses ("login", "logout"), so not namespaced."""

from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.StaffLoginView.as_view(), name="login"),
    path("logout/", views.StaffLogoutView.as_view(), name="logout"),
]
