"""Admin for targets, unit costs, savings assumptions, benefits and the log: the council's manager and administrator
edit their own council's rows (whole-council report rights); a team leader's team-only reports give no access here."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from reporting.models import Benefit, BenefitFigure, KpiTarget, LogItem, LogItemHistory, SavingsAssumptions, UnitCost
from reporting.scope import report_scope_for

from .scoping import CouncilRelationsMixin, CouncilScopedAdmin


def reporting_council_ids(request: HttpRequest) -> list[int]:
    """Councils whose reports the user sees whole (manager, council administrator, partnership view)."""
    ids = getattr(request, "_reporting_council_ids", None)
    if ids is None:
        scope = report_scope_for(request.user)
        ids = [c for c in scope.council_ids if c not in scope.team_limited_council_ids]
        request._reporting_council_ids = ids  # type: ignore[attr-defined]
    return ids


class ReportingCouncilsMixin:
    """Rows and relation choices limited to `reporting_council_ids`, not to the guardian permission alone."""

    council_permission = "view_reports"

    def council_ids_for_request(self, request: HttpRequest) -> list[int] | None:
        return None if request.user.is_superuser else reporting_council_ids(request)


class ReportingScopedAdmin(ReportingCouncilsMixin, CouncilScopedAdmin):
    """A CouncilScopedAdmin whose access is the whole-council reporting right; people may delete their own rows."""

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        ids = self.council_ids_for_request(request)
        return queryset if ids is None else queryset.filter(**{f"{self.council_field}__in": ids})

    def has_module_permission(self, request):
        return request.user.is_active and (request.user.is_superuser or bool(reporting_council_ids(request)))

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)


class ReportingInline(ReportingCouncilsMixin, CouncilRelationsMixin, admin.TabularInline):
    """Inline rows follow their parent's access (Django's model permissions would hide them from council staff)."""

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser or bool(reporting_council_ids(request))

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(KpiTarget)
class KpiTargetAdmin(ReportingScopedAdmin):
    list_display = ("council", "kpi", "target", "amber_margin")
    list_filter = ("council",)


@admin.register(UnitCost)
class UnitCostAdmin(ReportingScopedAdmin):
    list_display = ("council", "channel", "cost_per_contact", "baseline_share_pct")
    list_filter = ("council",)


@admin.register(SavingsAssumptions)
class SavingsAssumptionsAdmin(ReportingScopedAdmin):
    list_display = ("council", "officer_hourly_cost", "rekey_minutes")


class BenefitFigureInline(ReportingInline):
    model = BenefitFigure
    extra = 0


@admin.register(Benefit)
class BenefitAdmin(ReportingScopedAdmin):
    list_display = ("measure", "council", "source", "baseline_value", "target_value", "target_date", "governance_body")
    list_filter = ("council", "source")
    inlines = [BenefitFigureInline]


class LogItemHistoryInline(ReportingInline):
    model = LogItemHistory
    extra = 0
    readonly_fields = ("at", "actor", "changes")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LogItem)
class LogItemAdmin(ReportingScopedAdmin):
    """Read-only here: changes go through the workspace log pages so every one lands in the history."""

    list_display = ("identifier", "council", "kind", "title", "priority", "status", "target_date")
    list_filter = ("council", "kind", "status", "priority")
    inlines = [LogItemHistoryInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
