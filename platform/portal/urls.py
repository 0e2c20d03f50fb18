from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.council_list, name="councils"),
    path("track/<str:token>/", views.case_track, name="track"),
    path("<slug:council_slug>/", views.service_list, name="services"),
    path("<slug:council_slug>/<slug:service_slug>/", views.service_start, name="start"),
    path("<slug:council_slug>/<slug:service_slug>/apply/", views.service_form, name="form"),
]
