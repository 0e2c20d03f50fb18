"""The KPIs reporting knows: key, label, unit and which direction is better (for red/amber/green)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KpiSpec:
    key: str
    label: str
    unit: str
    higher_is_better: bool


KPIS: tuple[KpiSpec, ...] = (
    KpiSpec("received", "Cases received", "cases", True),
    KpiSpec("resolved", "Cases resolved", "cases", True),
    KpiSpec("closed", "Cases closed", "cases", True),
    KpiSpec("backlog", "Open backlog at period end", "cases", False),
    KpiSpec("backlog_age_median_days", "Backlog age, median", "days", False),
    KpiSpec("first_response_median_hours", "Time to first response, median", "hours", False),
    KpiSpec("first_response_p90_hours", "Time to first response, 90th percentile", "hours", False),
    KpiSpec("resolution_median_days", "Time to resolution, median", "days", False),
    KpiSpec("resolution_p90_days", "Time to resolution, 90th percentile", "days", False),
    KpiSpec("sla_met_pct", "Resolved within SLA", "%", True),
    KpiSpec("reopen_rate_pct", "Reopen rate", "%", False),
    KpiSpec("satisfaction_avg", "Resident satisfaction (1–5)", "score", True),
    KpiSpec("web_share_pct", "Contacts made online", "%", True),
)
KPI_BY_KEY = {k.key: k for k in KPIS}
KPI_CHOICES = [(k.key, k.label) for k in KPIS]

SAVINGS_SOURCES = (
    ("saving_channel_shift", "£ saved by channel shift"),
    ("saving_rekey", "£ saved by avoided double entry"),
    ("saving_total", "£ saved in total"),
    ("hours_saved_rekey", "Officer hours saved by avoided double entry"),
    ("failure_demand", "Failure demand: reopened cases and residents chasing"),
    ("cost_per_contact", "£ cost per contact at the actual channel mix"),
)
SAVINGS_SOURCE_KEYS = frozenset(key for key, _ in SAVINGS_SOURCES)
BENEFIT_SOURCE_CHOICES = [*KPI_CHOICES, *SAVINGS_SOURCES, ("manual", "Manual figure with evidence")]
