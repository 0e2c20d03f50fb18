"""The issues and risks log pages: list (overdue highlighted), add, edit with history, CSV export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from .csv_export import csv_response
from .forms import LogItemForm
from .models import LogItem
from .services.log import log_item_create, log_item_update
from .views import whole_council_get

CSV_FIELDS = (
    "identifier",
    "kind",
    "raised_on",
    "raised_by",
    "title",
    "description",
    "impact",
    "priority",
    "owner",
    "target_date",
    "status",
    "resolution",
    "resolved_on",
    "overdue",
)


def _items(council):
    return LogItem.objects.filter(council=council).select_related("owner", "raised_by")


@login_required
def log_list(request: HttpRequest, slug: str) -> HttpResponse:
    council = whole_council_get(request, slug)
    items = _items(council)
    status = request.GET.get("status")
    if status == "active":
        items = items.exclude(status__in=LogItem.DONE)
    today = timezone.localdate()
    return render(
        request,
        "reporting/log_list.html",
        {"council": council, "items": [(i, i.is_overdue(today)) for i in items], "status": status},
    )


@login_required
def log_csv(request: HttpRequest, slug: str) -> HttpResponse:
    council = whole_council_get(request, slug)
    today = timezone.localdate()

    def row(item: LogItem) -> list:
        people = {"raised_by": item.raised_by, "owner": item.owner}
        values = []
        for f in CSV_FIELDS:
            if f == "overdue":
                values.append("yes" if item.is_overdue(today) else "no")
            elif f in people:
                values.append(people[f].get_full_name() if people[f] else "")
            else:
                values.append(getattr(item, f))
        return values

    return csv_response(
        filename=f"issues-and-risks-{council.slug}.csv", header=list(CSV_FIELDS), rows=(row(i) for i in _items(council))
    )


@login_required
def log_item_edit(request: HttpRequest, slug: str, identifier: str | None = None) -> HttpResponse:
    council = whole_council_get(request, slug)
    item = get_object_or_404(_items(council), identifier=identifier) if identifier else None
    form = LogItemForm(request.POST or None, instance=item, council=council)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if item is None:
            item = log_item_create(council=council, actor=request.user, data=data)
        else:
            item = log_item_update(item=item, actor=request.user, data=data)
        return redirect("reporting:log_item", slug=council.slug, identifier=item.identifier)
    history = item.history.select_related("actor") if item else []
    return render(
        request,
        "reporting/log_item.html",
        {
            "council": council,
            "item": item,
            "form": form,
            "history": history,
            "overdue": bool(item and item.is_overdue()),
        },
        status=400 if form.errors else 200,
    )
