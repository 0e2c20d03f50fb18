"""Tenancy: councils, the partnerships they share definitions in, teams and staff roles."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from .map_settings import DEMO_TILE_URL, map_settings_problems


class Partnership(models.Model):
    """Several councils sharing one approach (and one library of service definitions)."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)

    def __str__(self) -> str:
        return self.name


class Council(models.Model):
    """A tenant: every case, team, service and connector belongs to exactly one council."""

    class HolidayRegion(models.TextChoices):
        ENGLAND_AND_WALES = "england-and-wales", "England and Wales"
        SCOTLAND = "scotland", "Scotland"
        NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    code = models.CharField(
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2,5}$", "2 to 5 capital letters, e.g. RDC")],
        help_text="Prefix of case references, e.g. RDC for RDC-2026-000042.",
    )
    holiday_region = models.CharField(
        max_length=20, choices=HolidayRegion.choices, default=HolidayRegion.ENGLAND_AND_WALES
    )
    partnerships = models.ManyToManyField(Partnership, related_name="councils", blank=True)
    welsh_enabled = models.BooleanField(
        "Welsh language",
        default=False,
        help_text="Offer residents the portal in Welsh (Cymraeg) as well as English, with a language toggle on every page.",
    )
    name_cy = models.CharField(
        "name (Welsh)",
        max_length=200,
        blank=True,
        help_text="The council's name on Welsh pages and emails, e.g. Cyngor Sir …",
    )
    resolution_confirm_days = models.PositiveIntegerField(
        default=14, help_text="Days a resolved case waits for the resident to confirm before it closes."
    )
    # Read from the council row a request already holds, so a submission skips a look-up (issue #21):
    teams_version = models.PositiveIntegerField(
        default=0, editable=False, help_text="Bumped whenever one of its teams changes (councils/teams.py)."
    )
    active_webhooks = models.PositiveIntegerField(
        default=0, editable=False, help_text="Active webhook subscriptions of its unrevoked API clients (api)."
    )
    # Map location questions (form_definitions/map_point.py): where tiles come from, and the council's area.
    map_tile_url = models.CharField(
        "map tile URL",
        max_length=300,
        default=DEMO_TILE_URL,
        help_text="Tile URL template with {z}, {x} and {y}, e.g. https://api.os.uk/maps/raster/v1/zxy/Road_3857/"
        "{z}/{x}/{y}.png?key=… (OS Maps API) or the council's own server. The default is the platform's own plain tiles.",
    )
    map_attribution = models.CharField(
        "map attribution",
        max_length=300,
        default="Councilflow plain tiles",
        help_text="Shown on the map, e.g. © Crown copyright and database rights 2026 OS AC0000000000.",
    )
    map_south = models.FloatField("area south (latitude)", null=True, blank=True)
    map_west = models.FloatField("area west (longitude)", null=True, blank=True)
    map_north = models.FloatField("area north (latitude)", null=True, blank=True)
    map_east = models.FloatField(
        "area east (longitude)",
        null=True,
        blank=True,
        help_text="With south, west and north: the box a map point must fall in (empty: anywhere).",
    )
    map_nearby_metres = models.PositiveIntegerField(
        "nearby distance (metres)",
        default=250,
        validators=[MinValueValidator(1), MaxValueValidator(50_000)],
        help_text="Officers see the service's other open cases within this distance of a case's map point.",
    )

    class Meta:
        ordering = ["name"]
        permissions = [
            ("work_cases", "Work on the council's cases"),
            ("lead_teams", "Lead teams: reassign and bulk-assign tasks"),
            ("design_services", "Design the council's services"),
            ("view_reports", "View the council's reports"),
            ("administer", "Administer the council"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors = map_settings_problems(
            tile_url=self.map_tile_url,
            box=(self.map_south, self.map_west, self.map_north, self.map_east),
        )
        if errors:
            raise ValidationError(errors)


class OpeningHours(models.Model):
    """When a council is open on one weekday; working-hours durations and SLA clocks count only these hours.

    A council with no rows works Monday to Friday, 9:00 to 17:00; a weekday without a row is closed.
    """

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens = models.TimeField(help_text="e.g. 09:00")
    closes = models.TimeField(help_text="e.g. 17:00")

    class Meta:
        ordering = ["council", "weekday"]
        verbose_name_plural = "opening hours"
        constraints = [
            models.UniqueConstraint(fields=["council", "weekday"], name="opening_hours_one_per_weekday"),
            models.CheckConstraint(
                condition=models.Q(opens__lt=models.F("closes")),
                name="opening_hours_opens_before_closes",
                violation_error_message="The opening time must be before the closing time.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Team(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=200)
    slug = models.SlugField()
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="TeamMembership", related_name="teams")

    class Meta:
        ordering = ["council__name", "name"]
        constraints = [models.UniqueConstraint(fields=["council", "slug"], name="team_unique_slug_per_council")]

    def __str__(self) -> str:
        return f"{self.name} ({self.council.code})"


class TeamMembership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships")
    is_leader = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="team_membership_unique")]


class Membership(models.Model):
    """A person's role at a council; roles are turned into guardian object permissions on the council."""

    class Role(models.TextChoices):
        CASE_OFFICER = "case_officer", "Case officer"
        TEAM_LEADER = "team_leader", "Team leader"
        SERVICE_DESIGNER = "service_designer", "Service designer"
        MANAGER = "manager", "Manager (reporting)"
        COUNCIL_ADMIN = "council_admin", "Council administrator"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="council_memberships")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "council", "role"], name="membership_unique_role")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} at {self.council}"


class PartnershipMembership(models.Model):
    """A role across a whole partnership: it grants council permissions on every member council."""

    class Role(models.TextChoices):
        PARTNERSHIP_ADMIN = "partnership_admin", "Partnership administrator"
        SERVICE_DESIGNER = "service_designer", "Service designer (partnership-wide)"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partnership_memberships")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "partnership", "role"], name="partnership_membership_unique_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} in {self.partnership}"
