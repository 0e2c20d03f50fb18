"""Bulk definitions from CSV/XLSX (django-import-export): teams, users and roles, SLA tables, lookup lists.

Every resource is built for one person and refuses, row by row, a council they may not change, so a
spreadsheet can never write into another council. Rows name councils by their code (RDC, HBC).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from casework.models import Service
from councils.models import Council, Membership, Team, TeamMembership
from councils.scoping import council_ids_for

from .models import LookupList, LookupRow

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_escape(value):
    """Text a spreadsheet would run as a formula (=, +, -, @ ...) is exported with a leading apostrophe.

    import-export's IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only strips a leading "=", which leaves
    "+cmd|..." and "@SUM(...)" live; this covers the OWASP CSV-injection list.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class CouncilScopedResource(resources.ModelResource):
    """Rows must name (by code) a council where the importing user holds `council_permission`."""

    council_permission = "administer"

    def __init__(self, *, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    def export_field(self, field, instance, **kwargs):
        return cell_escape(super().export_field(field, instance, **kwargs))

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.user is None or self.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.council_lookup}__in": council_ids_for(self.user, self.council_permission)})

    council_lookup = "council"

    def row_council(self, row) -> Council:
        code = str(row.get("council") or "").strip().upper()
        council = Council.objects.filter(code=code).first()
        if council is None or (
            self.user is not None and council.pk not in council_ids_for(self.user, self.council_permission)
        ):
            raise ValidationError(
                {"council": f'"{code}" is not a council you may change ({self.council_permission.replace("_", " ")})'}
            )
        row["council"] = council.code
        return council


class TeamResource(CouncilScopedResource):
    council = fields.Field(attribute="council", column_name="council", widget=widgets.ForeignKeyWidget(Council, "code"))

    class Meta:
        model = Team
        fields = ("council", "slug", "name")
        import_id_fields = ("council", "slug")
        skip_unchanged = True
        report_skipped = True

    def before_import_row(self, row, **kwargs):
        self.row_council(row)
        if not str(row.get("slug") or "").strip():
            raise ValidationError({"slug": "a team needs a slug, e.g. street-cleansing"})


class MembershipResource(CouncilScopedResource):
    """Users and roles: a row per (person, council, role); unknown people are created without a password."""

    council = fields.Field(attribute="council", column_name="council", widget=widgets.ForeignKeyWidget(Council, "code"))
    user = fields.Field(
        attribute="user", column_name="username", widget=widgets.ForeignKeyWidget(get_user_model(), "username")
    )
    teams = fields.Field(column_name="teams", readonly=True)

    class Meta:
        model = Membership
        fields = ("user", "council", "role", "teams")
        import_id_fields = ("user", "council", "role")
        skip_unchanged = True

    def before_import_row(self, row, **kwargs):
        council = self.row_council(row)
        if row.get("role") not in Membership.Role.values:
            raise ValidationError(
                {"role": f'unknown role "{row.get("role")}" (roles: {", ".join(Membership.Role.values)})'}
            )
        team_slugs = [s.strip() for s in str(row.get("teams") or "").split(";") if s.strip()]
        missing = sorted(
            set(team_slugs)
            - set(Team.objects.filter(council=council, slug__in=team_slugs).values_list("slug", flat=True))
        )
        if missing:
            raise ValidationError({"teams": f"{council.name} has no team {', '.join(missing)}"})
        username = str(row.get("username") or "").strip()
        if not username:
            raise ValidationError({"username": "required"})
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": row.get("email") or "",
                "first_name": row.get("first_name") or "",
                "last_name": row.get("last_name") or "",
            },
        )
        if created:
            user.set_unusable_password()  # they set one through the password reset email
            user.save(update_fields=["password"])

    def after_save_instance(self, instance, row, **kwargs):
        for slug in [s.strip() for s in str(row.get("teams") or "").split(";") if s.strip()]:
            team = Team.objects.get(council=instance.council, slug=slug)
            TeamMembership.objects.update_or_create(
                team=team, user=instance.user, defaults={"is_leader": instance.role == Membership.Role.TEAM_LEADER}
            )

    def dehydrate_teams(self, membership: Membership) -> str:
        return ";".join(
            membership.user.team_memberships.filter(team__council=membership.council).values_list(
                "team__slug", flat=True
            )
        )


class ServiceSlaResource(CouncilScopedResource):
    """The SLA table: resolution targets in working days per service. Only updates existing services."""

    council_permission = "design_services"
    council = fields.Field(attribute="council", column_name="council", widget=widgets.ForeignKeyWidget(Council, "code"))

    class Meta:
        model = Service
        fields = ("council", "slug", "sla_working_days")
        import_id_fields = ("council", "slug")
        skip_unchanged = True

    def before_import_row(self, row, **kwargs):
        council = self.row_council(row)
        if not Service.objects.filter(council=council, slug=row.get("slug")).exists():
            raise ValidationError({"slug": f'{council.name} has no service "{row.get("slug")}"'})
        try:
            if int(row.get("sla_working_days")) < 0:
                raise ValueError
        except (TypeError, ValueError):
            raise ValidationError({"sla_working_days": "must be a whole number of working days, 0 or more"}) from None


class LookupRowResource(CouncilScopedResource):
    """Lookup lists, e.g. waste rounds by street: columns council, list, key, value (list created if new)."""

    council_permission = "design_services"
    council_lookup = "lookup_list__council"
    lookup_list = fields.Field(
        attribute="lookup_list", column_name="list_id", widget=widgets.ForeignKeyWidget(LookupList)
    )
    council = fields.Field(column_name="council", readonly=True)
    list = fields.Field(column_name="list", readonly=True)

    class Meta:
        model = LookupRow
        fields = ("council", "list", "key", "value", "lookup_list")
        export_order = ("council", "list", "key", "value")
        import_id_fields = ("lookup_list", "key")
        skip_unchanged = True

    def before_import(self, dataset, **kwargs):
        if "list_id" not in (dataset.headers or []):  # filled per row from council + list
            dataset.append_col([""] * dataset.height, header="list_id")

    def before_import_row(self, row, **kwargs):
        council = self.row_council(row)
        slug = str(row.get("list") or "").strip()
        if not slug:
            raise ValidationError({"list": "name the lookup list, e.g. waste-rounds"})
        if not str(row.get("key") or "").strip():
            raise ValidationError({"key": "required"})
        lookup_list, _ = LookupList.objects.get_or_create(
            council=council, slug=slug, defaults={"name": slug.replace("-", " ").capitalize()}
        )
        row["list_id"] = lookup_list.pk

    def dehydrate_council(self, row: LookupRow) -> str:
        return row.lookup_list.council.code

    def dehydrate_list(self, row: LookupRow) -> str:
        return row.lookup_list.slug
