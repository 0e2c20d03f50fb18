"""Links between two cases of one council: a duplicate report, a related case, or one case part of another."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class CaseLinkKind(models.TextChoices):
    DUPLICATE_OF = "duplicate_of", "Duplicate of"
    RELATED_TO = "related_to", "Related to"
    CHILD_OF = "child_of", "Part of"


# How the link reads from the other case's page.
LINK_REVERSE_LABELS: dict[str, str] = {
    CaseLinkKind.DUPLICATE_OF: "Has a duplicate",
    CaseLinkKind.RELATED_TO: "Related to",
    CaseLinkKind.CHILD_OF: "Includes",
}


class CaseLink(models.Model):
    """`from_case` is a <kind> `to_case` (RDC-2026-000051 is a duplicate of RDC-2026-000042)."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="+")
    from_case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="links_out")
    to_case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=20, choices=CaseLinkKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["from_case", "to_case"], name="case_link_once"),
            models.CheckConstraint(condition=~models.Q(from_case=models.F("to_case")), name="case_link_not_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.from_case_id} {self.kind} {self.to_case_id}"
