"""One record per resident per council, so an officer sees all of a resident's cases."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Upper


class Customer(models.Model):
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="customers")
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True, db_index=True)
    phone = models.CharField(max_length=40, blank=True, db_index=True)
    postcode = models.CharField(max_length=10, blank=True, db_index=True)
    address = models.TextField(blank=True)
    uprn = models.CharField(max_length=12, blank=True, help_text="Unique Property Reference Number.")
    created_at = models.DateTimeField(auto_now_add=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_from"
    )

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["council", "email"]),
            models.Index(fields=["council", "phone"]),
            # email__iexact (matching and duplicate checks) compares UPPER(email) on PostgreSQL.
            models.Index(Upper("email"), name="customer_email_upper"),
        ]

    def __str__(self) -> str:
        return self.name or self.email or self.phone or f"Customer {self.pk}"
