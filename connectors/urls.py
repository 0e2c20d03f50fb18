"""Mounted at /hooks/: inbound webhooks per council + connector, and the staff health page."""

from django.urls import path

from . import views

app_name = "hooks"
urlpatterns = [
    path("health/", views.connector_health, name="health"),
    path("<slug:council>/<slug:connector>/", views.inbound_webhook, name="inbound"),
]
