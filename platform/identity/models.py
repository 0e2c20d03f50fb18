"""Who a single sign-on account is, and how the identity provider's groups become council roles and teams."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from councils.models import Council, Membership, Team


class ClaimMapping(models.Model):
    """One group (or role) value in the sign-in token, and the role and/or team it gives at one council.

    Councils with at least one mapping have their SSO users' roles and teams made exactly what the
    mappings give at every sign-in, so a group removed at the identity provider removes access.
    """

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="claim_mappings")
    claim_value = models.CharField(
        "group or role value",
        max_length=255,
        help_text="The value in the token's groups claim, e.g. an Entra ID group's object ID or an app role name.",
    )
    role = models.CharField(max_length=30, choices=Membership.Role.choices, blank=True)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True, related_name="claim_mappings")
    team_leader = models.BooleanField("leads the team", default=False)

    class Meta:
        ordering = ["council__name", "claim_value"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "claim_value", "role", "team"], name="claim_mapping_unique_grant"
            )
        ]

    def __str__(self) -> str:
        grants = [g for g in (self.get_role_display() if self.role else "", str(self.team or "")) if g]
        return f"{self.claim_value} → {', '.join(grants)}"

    def clean(self) -> None:
        if not self.role and not self.team_id:
            raise ValidationError("Choose a role, a team, or both.")
        if self.team is not None and self.council_id and self.team.council_id != self.council_id:
            raise ValidationError({"team": "Choose a team of this council."})
        if self.team_leader and not self.team_id:
            raise ValidationError({"team_leader": "Only a team can be led: choose the team."})


class SsoIdentity(models.Model):
    """The identity provider's stable subject for a person, so a changed email address keeps the same account."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_identities")
    issuer = models.CharField(max_length=500)
    subject = models.CharField(max_length=255)
    last_groups = models.JSONField(default=list, blank=True)
    last_sign_in = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "single sign-on identity"
        verbose_name_plural = "single sign-on identities"
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_unique_subject")]

    def __str__(self) -> str:
        return f"{self.user} ({self.subject})"
