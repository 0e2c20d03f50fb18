"""Everything the dashboard shows, assembled from a constant number of aggregate queries."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from casework.models import Channel, Service
from councils.models import Council, Team

from ..charts import lines, stacked_bars
from ..filters import ReportFilter
from ..scope import ReportScope
from ..sql import reporting_session
from .kpis import kpis_compute
from .people import task_kpis_compute
from .series import channel_series, sla_series

CASE_COLUMNS = (
    ("received", "Received"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
    ("backlog", "Backlog"),
    ("backlog_age_median_days", "Backlog age median (days)"),
    ("first_response_median_hours", "First response median (h)"),
    ("first_response_p90_hours", "First response p90 (h)"),
    ("resolution_median_days", "Resolution median (days)"),
    ("resolution_p90_days", "Resolution p90 (days)"),
    ("sla_met_pct", "SLA met %"),
    ("reopen_rate_pct", "Reopen rate %"),
    ("satisfaction_avg", "Satisfaction (1–5)"),
    ("web_share_pct", "Online %"),
)
TASK_COLUMNS = (
    ("completed", "Tasks completed"),
    ("on_time_pct", "On time %"),
    ("handling_median_hours", "Handling median (h)"),
    ("handling_p90_hours", "Handling p90 (h)"),
    ("open", "Work in progress"),
    ("overdue", "Overdue now"),
)


def group_labels(group: str, keys: list[Any]) -> dict[Any, str]:
    """Display names for breakdown keys (one query, or none for channels)."""
    if group == "channel":
        return {k: Channel(k).label if k in Channel.values else k for k in keys}
    model = {"council": Council, "service": Service, "team": Team, "officer": get_user_model()}[group]
    objects = model.objects.in_bulk([k for k in keys if k is not None])
    if group == "officer":
        return {k: (u.get_full_name() or u.get_username()) for k, u in objects.items()}
    return {k: str(o) if group != "team" else o.name for k, o in objects.items()}


def breakdown_rows(
    *, scope: ReportScope, flt: ReportFilter, group: str
) -> tuple[tuple[tuple[str, str], ...], list[dict[str, Any]]]:
    """(columns, rows) for the table grouped by council, service, channel, team or officer."""
    with reporting_session():
        return _breakdown(scope=scope, flt=flt, group=group, summary=False)[:2]


def _breakdown(
    *, scope: ReportScope, flt: ReportFilter, group: str, summary: bool = True
) -> tuple[tuple[tuple[str, str], ...], list[dict[str, Any]], dict[str, Any] | None]:
    """(columns, rows, overall case KPIs); grouped case KPIs come with their total from the same queries."""
    if group in ("team", "officer"):
        columns, data = TASK_COLUMNS, task_kpis_compute(scope=scope, flt=flt, group=group)
        summary = kpis_compute(scope=scope, flt=flt)[None] if summary else None
    else:
        columns, data = CASE_COLUMNS, kpis_compute(scope=scope, flt=flt, group=group, with_total=True)
        summary = data.pop(None)
    labels = group_labels(group, list(data))
    rows = [{"key": k, "label": labels.get(k, "—"), **v} for k, v in data.items()]
    rows.sort(key=lambda r: str(r["label"]))
    return columns, rows, summary


def dashboard_build(*, scope: ReportScope, flt: ReportFilter, group: str) -> dict[str, Any]:
    with reporting_session():
        columns, rows, summary = _breakdown(scope=scope, flt=flt, group=group)
        channels = channel_series(scope=scope, flt=flt)
        sla = sla_series(scope=scope, flt=flt)
    months = list(channels)
    month_labels = [m.strftime("%b %y") for m in months]
    channel_values = {label: [channels[m].get(value, 0) for m in months] for value, label in Channel.choices}
    totals = [sum(channels[m].values()) for m in months]
    web_share = [round(100.0 * channels[m].get(Channel.WEB, 0) / t, 1) if t else None for m, t in zip(months, totals)]
    return {
        "summary": summary,
        "columns": columns,
        "rows": rows,
        "group": group,
        "months": months,
        "channel_values": channel_values,
        "sla": sla,
        "web_share": web_share,
        "month_rows": [
            (m, [channel_values[label][i] for label in channel_values], web_share[i], sla[m])
            for i, m in enumerate(months)
        ],
        "channel_chart": stacked_bars(
            title="Contacts by channel, by month", categories=month_labels, series=channel_values
        ),
        "trend_chart": lines(
            title="Resolved within SLA and contacts made online, by month (%)",
            categories=month_labels,
            unit="%",
            y_max=100,
            series={"SLA met %": [sla[m]["pct"] for m in months], "Online %": web_share},
        ),
    }
