"""The one case search: full-text over the search documents, scoped to the officer, ranked, filtered."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection

from councils.scoping import council_ids_for

from ..customers import phone_normalise
from ..models import Case, CaseStatus
from .documents import search_words

FINISHED = (CaseStatus.RESOLVED, CaseStatus.CLOSED)
# A query typed like a phone number ("07700 900999", "+44 (0)7700-900999"): searched as its E.164 form.
PHONE_QUERY_RE = re.compile(r"\s*(\+|0)[\d\s().-]{6,}")
# Words matched whole rather than as a prefix (issue #21): an outward code ("rd1", which as a prefix also matched
# rd10…rd19 and every run-together postcode, thousands of words at a million cases) and the parts of a whole
# reference ("riv 2026 000123", whose "riv:*" and "2026:*" matched every case of the council and year).
OUTWARD_CODE_RE = re.compile(r"[a-z]{1,2}[0-9][a-z0-9]?")
REFERENCE_WORDS_RE = re.compile(r"[a-z]{2,5} [0-9]{4} [0-9]{6,}|[a-z]{2,5}[0-9]{10,}")


@dataclass(frozen=True)
class SearchFilters:
    status: str = ""  # a CaseStatus value, or "open" / "finished"
    service_id: int | None = None
    channel: str = ""


def case_search(
    user: AbstractBaseUser, query: str, *, filters: SearchFilters | None = None, limit: int = 50
) -> list[Case]:
    """Cases this officer may see that contain every word of `query`, best match first.

    Open and closed cases alike; an exact reference match always comes first.
    """
    words = search_words(_phone_query(query))[:12]
    council_ids = council_ids_for(user, "work_cases")
    if not words or not council_ids:
        return []
    filters = filters or SearchFilters()
    ranked_ids = _ranked_case_ids(words, council_ids, filters, limit)
    if not ranked_ids:
        return []
    found = Case.objects.filter(pk__in=ranked_ids, council_id__in=council_ids).select_related("service", "customer")
    # A result row shows none of the case's JSON; loading fifty cases' answers cost more than finding them.
    found = found.defer("answers", "outcomes", "task_answers", "data", "satisfaction_comment")
    cases = {c.pk: c for c in found}
    return [cases[pk] for pk in ranked_ids if pk in cases]


def _filter_sql(filters: SearchFilters) -> tuple[str, list]:
    """Conditions on the case row, or ("", []) when no filter needs the case table."""
    clauses, params = [], []
    if filters.status == "open":
        clauses.append("c.case_status NOT IN (%s, %s)")
        params += list(FINISHED)
    elif filters.status == "finished":
        clauses.append("c.case_status IN (%s, %s)")
        params += list(FINISHED)
    elif filters.status:
        clauses.append("c.case_status = %s")
        params.append(filters.status)
    if filters.service_id:
        clauses.append("c.service_id = %s")
        params.append(filters.service_id)
    if filters.channel:
        clauses.append("c.channel = %s")
        params.append(filters.channel)
    return "".join(f" AND {c}" for c in clauses), params


# Ranking reads the search documents alone: the case whose reference the words spell comes first (one probe
# of the case_reference_key index), then ts_rank / bm25, then newest case first (case ids follow submission).
# Joining casework_case for every match only to order them cost more than the full-text match itself on
# common words (a surname matching thousands of cases), so the case table joins only when a filter needs it.
_EXACT = "IN (SELECT process_ptr_id FROM casework_case WHERE lower(replace(reference, '-', '')) = %s)"

# Only the newest RANK_WINDOW matches are ranked (issue #21): ranking every match of a common surname read and
# scored every one of them, so a search grew with the table (203 ms at a million cases). The newest matches are
# found walking the council's documents backwards (index casesearch_council_case), which stops after RANK_WINDOW
# of them, or from the full-text index when the words are rare; the exact reference match joins them wherever it is.
RANK_WINDOW = 500


def _phone_query(query: str) -> str:
    if PHONE_QUERY_RE.fullmatch(query) and (e164 := phone_normalise(query)).startswith("+"):
        return e164
    return query


# The newest matches are read range by range of case ids counted down from the newest document, the ranges in
# one statement: a LIMIT over their UNION ALL stops before the older ranges once the window is full, so a common
# word reads the newest range alone and a rarer one reads further, each range's matches bounded by its size. The
# bounds are literals (the newest id read first), so the planner sizes each range from its statistics and ANDs
# a BRIN index's blocks for the range with the full-text bitmap: for words matched whole, whose GIN look-up is one
# entry (a prefix may expand to thousands, paid again per range). It relies on PostgreSQL's Append running its
# branches in order; tests/officer/test_officer_search.py checks the newest matches across ranges.
RANGES = (20_000, 100_000, 400_000)


def _newest_by_range(matches: str, match_params: list, window: int) -> tuple[str, list]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(case_id), 0) FROM casework_casesearchdocument")
        top = int(cursor.fetchone()[0])
    edges = [top - size for size in RANGES]
    bounds = [(None, edges[0]), *zip(edges, edges[1:], strict=False), (edges[-1], None)]
    parts, params = [], []
    for upper, lower in bounds:
        where = "" if upper is None else " AND d.case_id <= %s"
        where += "" if lower is None else " AND d.case_id > %s"
        parts.append(f"({matches}{where} ORDER BY d.case_id DESC LIMIT %s)")
        params += [*match_params, *(b for b in (upper, lower) if b is not None), window]
    return f"(SELECT * FROM ({' UNION ALL '.join(parts)}) n LIMIT %s)", [*params, window]


def search_terms(words: list[str]) -> list[tuple[str, bool]]:
    """Each word with whether it is matched as a prefix (the default, for words typed in part)."""
    if REFERENCE_WORDS_RE.fullmatch(" ".join(words)):
        return [(w, False) for w in words]
    return [(w, not OUTWARD_CODE_RE.fullmatch(w)) for w in words]


def _ranked_case_ids(words: list[str], council_ids: list[int], filters: SearchFilters, limit: int) -> list[int]:
    sql, params = ranked_query(words, council_ids=council_ids, filters=filters, limit=limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def ranked_query(words: list[str], *, council_ids: list[int], filters: SearchFilters, limit: int) -> tuple[str, list]:
    """The SQL and parameters ranking the matching case ids (also what benchmarks/search_explain.py explains)."""
    extra_sql, extra_params = _filter_sql(filters)
    councils = ", ".join(["%s"] * len(council_ids))
    reference = "".join(words)
    terms = search_terms(words)
    whole_words = not any(prefix for _, prefix in terms)
    # Words matched whole (an outward code, a reference) score almost alike in every document that holds them, so
    # only the newest `limit` are ranked: "RD6" at a council with 5,000 RD6 cases reads the newest ~20,000
    # documents, not the ~100,000 that hold its newest 500.
    window = limit if whole_words else max(RANK_WINDOW, limit)
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"{w}:*" if prefix else w for w, prefix in terms)
        join = " JOIN casework_case c ON c.process_ptr_id = d.case_id" if extra_sql else ""
        matches = (
            f"SELECT d.case_id, d.vector FROM casework_casesearchdocument d{join} "
            f"WHERE d.vector @@ to_tsquery('simple', %s) AND d.council_id IN ({councils}){extra_sql}"
        )
        match_params = [tsquery, *council_ids, *extra_params]
        if not whole_words:
            # A prefix ("wood:*" also matches every "wood231036408" of an e-mail address) is costly to look up in
            # the GIN index once, let alone per range: the newest matches come from the primary key walked
            # backwards (common words) or one GIN bitmap (rare ones), as the planner judges.
            newest, newest_params = f"({matches} ORDER BY d.case_id DESC LIMIT %s)", [*match_params, window]
        else:
            # The council's index (a third of all documents) costs more to AND in than it saves.
            ranged = matches.replace("AND d.council_id IN", "AND d.council_id + 0 IN", 1)
            newest, newest_params = _newest_by_range(ranged, match_params, window)
        sql = (
            f"SELECT m.case_id FROM ({newest} "
            f"UNION ({matches} AND d.case_id {_EXACT})) m "
            f"ORDER BY m.case_id {_EXACT} DESC, ts_rank(m.vector, to_tsquery('simple', %s)) DESC, m.case_id DESC "
            "LIMIT %s"
        )
        params = [*newest_params, *match_params, reference, reference, tsquery, limit]
    else:
        match = " ".join(f'"{w}"*' if prefix else f'"{w}"' for w, prefix in terms)
        join = " JOIN casework_case c ON c.process_ptr_id = f.rowid" if extra_sql else ""
        # bm25() is only defined beside its MATCH, so each branch scores its own rows (the newest: only those).
        matches = (
            f"SELECT f.rowid AS case_id, bm25(casework_case_fts) AS score FROM casework_case_fts f "
            f"JOIN casework_casesearchdocument d ON d.case_id = f.rowid{join} "
            f"WHERE casework_case_fts MATCH %s AND d.council_id IN ({councils}){extra_sql}"
        )
        match_params = [match, *council_ids, *extra_params]
        sql = (
            f"SELECT m.case_id FROM (SELECT * FROM ({matches} ORDER BY f.rowid DESC LIMIT %s) "
            f"UNION SELECT * FROM ({matches} AND f.rowid {_EXACT})) m "
            f"ORDER BY m.case_id {_EXACT} DESC, m.score, m.case_id DESC LIMIT %s"
        )
        params = [*match_params, window, *match_params, reference, reference, limit]
    return sql, params
