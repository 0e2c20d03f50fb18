from django.urls import path

from . import case_views, data_protection_views, sla_views, views

app_name = "casework"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("search/", views.search, name="search"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<str:reference>/", case_views.case_page, name="case"),
    path("cases/<str:reference>/notes/", case_views.case_note, name="case_note"),
    path("cases/<str:reference>/links/", case_views.case_link, name="case_link"),
    path("cases/<str:reference>/messages/", case_views.case_message, name="case_message"),
    path("cases/<str:reference>/answers/", case_views.case_answers, name="case_answers"),
    path("cases/<str:reference>/resolve/", case_views.case_resolve_view, name="case_resolve"),
    path("cases/<str:reference>/reopen/", case_views.case_reopen_view, name="case_reopen"),
    path("cases/<str:reference>/cancel/", case_views.case_cancel_view, name="case_cancel"),
    path("cases/<str:reference>/extend/", sla_views.case_extend_view, name="case_extend"),
    path("late/", sla_views.sla_late_cases, name="sla_late"),
    path("cases/<str:reference>/presence/", case_views.case_presence, name="case_presence"),
    path("cases/<str:reference>/merge-customer/", case_views.customer_merge_view, name="customer_merge"),
    path("customers/<int:pk>/data/", data_protection_views.customer_data_page, name="customer_data"),
    path(
        "customers/<int:pk>/subject-access/",
        data_protection_views.customer_subject_access_view,
        name="customer_subject_access",
    ),
    path("customers/<int:pk>/erase/", data_protection_views.customer_erase_view, name="customer_erase"),
    path("customers/<int:pk>/legal-hold/", data_protection_views.case_legal_hold_view, name="case_legal_hold"),
    path("attachments/<int:pk>/", case_views.attachment_download, name="attachment"),
    path("tasks/<int:pk>/", views.task_work, name="task"),
    path("tasks/<int:pk>/claim/", views.task_claim_view, name="task_claim"),
    path("tasks/<int:pk>/release/", views.task_release_view, name="task_release"),
    path("tasks/<int:pk>/action/<int:index>/", views.task_action_view, name="task_action"),
    path("tasks/<int:pk>/reassign/", views.task_reassign_view, name="task_reassign"),
    path("tasks/bulk-assign/", views.tasks_bulk_assign_view, name="tasks_bulk_assign"),
]
