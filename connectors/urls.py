"""Mounted at /hooks/: inbound webhooks per council + connector, and the staff health page."""

from django.urls import path

from . import views

app_name = "hooks"
urlpatterns = [
    path("health/", views.connector_health, name="health"),
    # Three segments, so no connector slug can shadow it (or be shadowed by it).
    path("<slug:council>/notify/receipts/", views.notify_receipt, name="notify_receipts"),
    path("<slug:council>/<slug:connector>/", views.inbound_webhook, name="inbound"),
]
