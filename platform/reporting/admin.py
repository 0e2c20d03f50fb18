"""Admin for targets, unit costs, savings assumptions, benefits and the log, scoped to the user's councils."""
from __future__ import annotations

from django.contrib import admin

from councils.scoping import councils_for, scope_to_councils

from .models import Benefit, BenefitFigure, KpiTarget, LogItem, LogItemHistory, SavingsAssumptions, UnitCost


class CouncilScopedAdmin(admin.ModelAdmin):
    council_field = "council"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else scope_to_councils(qs, request.user, perm="view_reports", field=self.council_field)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "council" and not request.user.is_superuser:
            kwargs["queryset"] = councils_for(request.user, "view_reports")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(KpiTarget)
class KpiTargetAdmin(CouncilScopedAdmin):
    list_display = ("council", "kpi", "target", "amber_margin")
    list_filter = ("council",)


@admin.register(UnitCost)
class UnitCostAdmin(CouncilScopedAdmin):
    list_display = ("council", "channel", "cost_per_contact", "baseline_share_pct")


@admin.register(SavingsAssumptions)
class SavingsAssumptionsAdmin(CouncilScopedAdmin):
    list_display = ("council", "officer_hourly_cost", "rekey_minutes")


class BenefitFigureInline(admin.TabularInline):
    model = BenefitFigure
    extra = 0


@admin.register(Benefit)
class BenefitAdmin(CouncilScopedAdmin):
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
class LogItemAdmin(CouncilScopedAdmin):
    """Read-only here: changes go through the workspace pages so every one lands in the history."""

    list_display = ("identifier", "council", "kind", "title", "priority", "status", "target_date")
    list_filter = ("council", "kind", "status", "priority")
    inlines = [LogItemHistoryInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
