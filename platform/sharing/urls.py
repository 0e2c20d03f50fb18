from django.urls import path

from . import views

app_name = "sharing"
urlpatterns = [
    path("", views.library, name="library"),
    path("entries/<int:pk>/", views.entry, name="entry"),
    path("entries/<int:pk>/package.json", views.entry_download, name="entry_download"),
    path("cases/<str:reference>/refer/", views.case_refer_view, name="case_refer"),
]
