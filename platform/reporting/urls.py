from django.urls import path

from . import views, views_log

app_name = "reporting"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("kpis.csv", views.dashboard_csv, name="dashboard_csv"),
    path("outcomes/", views.outcomes, name="outcomes"),
    path("<slug:slug>/scorecard/<str:month>/", views.scorecard, name="scorecard"),
    path("<slug:slug>/scorecard/<str:month>/scorecard.pdf", views.scorecard_download, name="scorecard_pdf"),
    path("<slug:slug>/benefits/", views.benefits, name="benefits"),
    path("<slug:slug>/log/", views_log.log_list, name="log"),
    path("<slug:slug>/log.csv", views_log.log_csv, name="log_csv"),
    path("<slug:slug>/log/new/", views_log.log_item_edit, name="log_new"),
    path("<slug:slug>/log/<str:identifier>/", views_log.log_item_edit, name="log_item"),
]
