"""PostgreSQL: the newest matches of a search, read range by range of case ids so no range grows with the table.

Walking the documents' primary key backwards until the 500th match read every document in between: for a word
in one document of a hundred, 5,000 blocks at a million cases. Here each range of case ids is one
`BitmapAnd` of the full-text index and the primary key's range (the `OFFSET 0` fence keeps the planner from
walking the key in order instead, `council_id + 0` keeps the council index, a bitmap of a third of the
table, out of it), so a range reads the blocks of its own matches. The first range, the newest case ids,
comes with the table's bounds and the exact-reference branch in one statement; the next one is sized from the
matches found so far, so a common word costs one statement and a middling or rare one two to four.
"""

from __future__ import annotations

from django.db import connection

# The case whose reference the query's words spell (one probe of the case_reference_key index).
EXACT = "IN (SELECT process_ptr_id FROM casework_case WHERE lower(replace(reference, '-', '')) = %s)"
_DOCS = "casework_casesearchdocument"
MAX_STEPS = 6  # the last of them reaches the oldest document, whatever the density found


def ranked_window(
    tsquery: str,
    council_ids: list[int],
    extra: tuple[str, list],
    reference: str,
    *,
    window: int,
    spans: tuple[int, int],
) -> list[tuple[int, float, bool]]:
    """(case id, rank, exact) of the exact reference match and the newest `window` matches, best first."""
    extra_sql, extra_params = extra
    first_span, growth = spans
    councils = ", ".join(["%s"] * len(council_ids))
    join = " JOIN casework_case c ON c.process_ptr_id = d.case_id" if extra_sql else ""
    matches = (
        f"SELECT d.case_id, ts_rank(d.vector, to_tsquery('simple', %s)) AS rank FROM {_DOCS} d{join} "
        f"WHERE d.vector @@ to_tsquery('simple', %s) AND d.council_id + 0 IN ({councils}){extra_sql}"
    )
    params = [tsquery, tsquery, *council_ids, *extra_params]
    sql = (
        f"WITH b AS (SELECT max(case_id) AS hi, min(case_id) AS lo FROM {_DOCS}) "
        "SELECT 0, b.hi, NULL::real, b.lo FROM b "
        f"UNION ALL SELECT 1, n.*, NULL FROM ({matches} AND d.case_id > (SELECT hi FROM b) - %s OFFSET 0) n "
        f"UNION ALL SELECT 2, e.*, NULL FROM ({matches} AND d.case_id {EXACT}) e"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, first_span, *params, reference])
        rows = cursor.fetchall()
        hi, lo = next((r[1], r[3]) for r in rows if r[0] == 0)
        found = {r[1]: r[2] for r in rows if r[0] == 1}
        exact = {r[1]: r[2] for r in rows if r[0] == 2}
        if hi is None:
            return []
        top, searched = hi - first_span, first_span  # the next range ends at `top` (inclusive)
        for step in range(MAX_STEPS - 1):
            if len(found) >= window or top < lo:
                break
            wanted = window - len(found)
            span = searched * growth
            if found:  # the density so far, with a quarter to spare
                span = min(span, int(wanted * searched / len(found) * 1.25) + 1)
            bottom = None if step == MAX_STEPS - 2 or top - span < lo else top - span
            below = "" if bottom is None else " AND d.case_id > %s"
            cursor.execute(
                f"SELECT * FROM ({matches} AND d.case_id <= %s{below} OFFSET 0) n",
                [*params, top, *([] if bottom is None else [bottom])],
            )
            found.update(cursor.fetchall())
            if bottom is None:
                break
            searched += span
            top = bottom
    newest = sorted(found.items(), key=lambda item: -item[0])[:window]
    ranked = [(pk, rank, True) for pk, rank in exact.items()]
    ranked += [(pk, rank, False) for pk, rank in newest if pk not in exact]
    # As ORDER BY exact DESC, ts_rank DESC, case_id DESC would (the ranks are the same float4 values).
    return sorted(ranked, key=lambda r: (not r[2], -r[1], -r[0]))
