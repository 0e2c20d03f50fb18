"""Studio URLs for the forms pages (one module per area so the areas grow independently)."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import form_preview, form_views

urlpatterns: list[URLPattern] = [
    path("<int:pk>/", form_views.form_edit, name="form_edit"),
    path("<int:pk>/add-question/", form_views.form_question_add, name="form_question_add"),
    path("<int:pk>/questions/<str:name>/", form_views.form_question_update, name="form_question_update"),
    path("<int:pk>/questions/<str:name>/move/", form_views.form_question_move, name="form_question_move"),
    path("<int:pk>/questions/<str:name>/place/", form_views.form_question_place, name="form_question_place"),
    path("<int:pk>/questions/<str:name>/remove/", form_views.form_question_remove, name="form_question_remove"),
    path("<int:pk>/add-page/", form_views.form_page_add, name="form_page_add"),
    path("<int:pk>/pages/<str:page_id>/", form_views.form_page_update, name="form_page_update"),
    path("<int:pk>/pages/<str:page_id>/move/", form_views.form_page_move, name="form_page_move"),
    path("<int:pk>/pages/<str:page_id>/remove/", form_views.form_page_remove, name="form_page_remove"),
    path("<int:pk>/welsh-title/", form_views.form_welsh_title_update, name="form_welsh_title_update"),
    path("<int:pk>/customer/", form_views.form_customer_update, name="form_customer_update"),
    path("<int:pk>/preview/", form_preview.form_preview, name="form_preview"),
    path("<int:pk>/preview/check/", form_preview.form_preview_check, name="form_preview_check"),
    path("<int:pk>/preview/<str:page_id>/", form_preview.form_preview_page, name="form_preview_page"),
]
