"""The issues and risks log form; owners are limited to people of the item's council."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from councils.models import Council

from .models import LogItem


class LogItemForm(forms.ModelForm):
    class Meta:
        model = LogItem
        fields = [
            "kind",
            "title",
            "description",
            "impact",
            "priority",
            "owner",
            "target_date",
            "status",
            "resolution",
            "resolved_on",
        ]
        widgets = {
            "target_date": forms.DateInput(attrs={"type": "date"}),
            "resolved_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "impact": forms.Textarea(attrs={"rows": 3}),
            "resolution": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            get_user_model().objects.filter(council_memberships__council=council).distinct().order_by("first_name")
        )
