"""One search document per case: the text officer search matches, kept in step by the service layer.

PostgreSQL adds a generated tsvector column with a GIN index; SQLite mirrors `body` into an FTS5 table
(both created in migration 0003, per database vendor).
"""

from __future__ import annotations

from django.db import models


class CaseSearchDocument(models.Model):
    case = models.OneToOneField(
        "casework.Case", on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="+")
    body = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            # A council's newest documents first: a common word's newest matches are read walking this backwards,
            # past that council's documents only (issue #21).
            models.Index(fields=["council", "case"], name="casesearch_council_case"),
        ]
