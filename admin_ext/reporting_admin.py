"""Admin for targets, unit costs, savings assumptions, benefits and the log, scoped to the user's councils."""

from __future__ import annotations

from django.contrib import admin

from councils.scoping import scope_to_councils
from reporting.models import Benefit, BenefitFigure, KpiTarget, LogItem, LogItemHistory, SavingsAssumptions, UnitCost

from .scoping import CouncilRelationsMixin


class ReportingScopedAdmin(CouncilRelationsMixin, admin.ModelAdmin):
    """Rows and every relation choice (council, owner, inline fields, filters) limited to `view_reports` councils."""

    council_field = "council"
    council_permission = "view_reports"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return (
            qs
            if request.user.is_superuser
            else scope_to_councils(qs, request.user, perm=self.council_permission, field=self.council_field)
        )


@admin.register(KpiTarget)
class KpiTargetAdmin(ReportingScopedAdmin):
    list_display = ("council", "kpi", "target", "amber_margin")
    list_filter = ("council",)


@admin.register(UnitCost)
class UnitCostAdmin(ReportingScopedAdmin):
    list_display = ("council", "channel", "cost_per_contact", "baseline_share_pct")


@admin.register(SavingsAssumptions)
class SavingsAssumptionsAdmin(ReportingScopedAdmin):
    list_display = ("council", "officer_hourly_cost", "rekey_minutes")


class BenefitFigureInline(admin.TabularInline):
    model = BenefitFigure
    extra = 0


@admin.register(Benefit)
class BenefitAdmin(ReportingScopedAdmin):
    list_display = ("measure", "council", "source", "baseline_value", "target_value", "target_date", "governance_body")
    list_filter = ("council", "source")
    inlines = [BenefitFigureInline]


class LogItemHistoryInline(admin.TabularInline):
    model = LogItemHistory
    extra = 0
    can_delete = False
    readonly_fields = ("at", "actor", "changes")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(LogItem)
class LogItemAdmin(ReportingScopedAdmin):
    """Read-only here: changes go through the workspace pages so every one lands in the history."""

    list_display = ("identifier", "council", "kind", "title", "priority", "status", "target_date")
    list_filter = ("council", "kind", "status", "priority")
    inlines = [LogItemHistoryInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
