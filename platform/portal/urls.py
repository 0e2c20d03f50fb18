from django.urls import path

from .map_tiles import map_tile
from .views import apply, catalogue, saved, track, withdraw, your_cases

app_name = "portal"
urlpatterns = [
    path("", catalogue.council_list, name="councils"),
    path("map-tiles/<int:z>/<int:x>/<int:y>.png", map_tile, name="map_tile"),  # the demo's plain tiles
    path("track/<str:token>/", track.case_track, name="track"),
    path("track/<str:token>/add-information/", track.case_information_form, name="add_information"),
    path("track/<str:token>/resolved/", track.case_resolution_answer, name="resolution"),
    path("track/<str:token>/withdraw/", withdraw.case_withdraw_form, name="withdraw"),
    path("<slug:council_slug>/", catalogue.service_list, name="services"),
    path("<slug:council_slug>/your-cases/", your_cases.your_cases_request, name="your_cases"),
    path("<slug:council_slug>/your-cases/<str:token>/", your_cases.your_cases_list, name="your_cases_list"),
    path("<slug:council_slug>/<slug:service_slug>/", catalogue.service_start, name="start"),
    path("<slug:council_slug>/<slug:service_slug>/apply/", apply.service_form, name="form"),
    path("<slug:council_slug>/<slug:service_slug>/apply/<slug:page_id>/", apply.form_page, name="form_page"),
    path("<slug:council_slug>/<slug:service_slug>/check-answers/", apply.form_check, name="check"),
    path("<slug:council_slug>/<slug:service_slug>/save/", saved.form_save, name="save"),
    path("<slug:council_slug>/<slug:service_slug>/resume/<str:token>/", saved.form_resume, name="resume"),
]
