"""`EXPLAIN (ANALYZE, BUFFERS)` of the officer search's ranked query on an existing database (PostgreSQL).

For a database kept by `BENCH_KEEP_DATABASE` (benchmarks/harness.py): `DATABASE_URL=postgres://…/<kept>
python -m benchmarks.search_explain wood "RD5" "RD5 2AB" RIV-2026-000123`, Riverside's council, every case
status. Prints each query's plan and its execution time, so a plan change is judged on the 1,000,000 cases.
"""

from __future__ import annotations

import sys

from .harness import django_setup


def main(queries: list[str]) -> int:
    django_setup()
    from django.db import connection

    from casework.search.documents import search_words
    from casework.search.query import SearchFilters, ranked_query
    from councils.models import Council

    council_ids = [Council.objects.get(slug="riverside").pk]
    for query in queries:
        sql, params = ranked_query(search_words(query), council_ids=council_ids, filters=SearchFilters(), limit=50)
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}", params)
            print(f"-- {query}\n" + "\n".join(row[0] for row in cursor.fetchall()), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
