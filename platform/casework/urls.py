from django.urls import path

from . import views

app_name = "casework"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("search/", views.search, name="search"),
    path("cases/<str:reference>/", views.case_page, name="case"),
    path("tasks/<int:pk>/", views.task_work, name="task"),
    path("tasks/<int:pk>/claim/", views.task_claim_view, name="task_claim"),
    path("tasks/<int:pk>/release/", views.task_release_view, name="task_release"),
]
