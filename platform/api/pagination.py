"""Every API list is a cursor page: stable under inserts, no COUNT(*), and a capped page size."""

from __future__ import annotations

from django.conf import settings
from rest_framework.pagination import CursorPagination


class CursorPage(CursorPagination):
    """DRF's cursor paging; each view names its `cursor_ordering`, whose first field must be
    non-null and (nearly) unique: DRF filters on that field and breaks ties by offset."""

    page_size_query_param = "page_size"

    def get_page_size(self, request):
        self.page_size = settings.API_PAGE_SIZE
        self.max_page_size = settings.API_MAX_PAGE_SIZE
        return super().get_page_size(request)

    def get_ordering(self, request, queryset, view):
        return view.cursor_ordering
