"""Officer case search: one function (`case_search`) used by every page that looks cases up."""

from .documents import case_search_index, customer_cases_reindex
from .query import SearchFilters, case_search

__all__ = ["SearchFilters", "case_search", "case_search_index", "customer_cases_reindex"]
