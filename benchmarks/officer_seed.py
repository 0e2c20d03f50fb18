"""Seeding the officer benchmark at a million cases in minutes: a base through the app, then copies in SQL.

`seed_cases` writes about a hundred cases a second (hours for 1,000,000), so on PostgreSQL above
`OFFICER_BENCH_BASE` (10,000) cases the benchmark seeds that many through the app and copies every case's rows
(customer, viewflow process and tasks, case, case tasks, timeline, search document) with one
`INSERT … SELECT … FROM generate_series` per table, shifted to fresh ids. Copies get their own reference (the
number moved past the highest in use), no submission token or feed position, and their customer's postcode
moved to another inward code (in the case's answers and search document too), so a postcode is no more common
than in seeded data. Reporting's projection is rebuilt only for the base (no officer page reads it). SQLite and
small sizes seed through the app alone.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from .harness import env_int

# The inward code (digit + two letters) of a copy's postcode, moved by the copy's number: 6,760 codes in turn.
_POSTCODE_SHIFT = """
CREATE FUNCTION pg_temp.postcode_shift(pc text, k int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN pc ~ '^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z][A-Z]$' THEN
    (SELECT left(pc, length(pc) - 3) || chr(48 + n / 676) || chr(65 + (n / 26) % 26) || chr(65 + n % 26)
     FROM (SELECT ((ascii(substr(pc, length(pc) - 2, 1)) - 48) * 676
                   + (ascii(substr(pc, length(pc) - 1, 1)) - 65) * 26
                   + ascii(right(pc, 1)) - 65 + k * 67) % 6760 AS n) s)
  ELSE pc END
$$
"""


def officer_cases_seed(count: int, *, log: Callable[[str], object] = lambda line: None) -> int:
    """Seed about `count` cases (whole copies of the base); returns how many cases the database then holds."""
    from django.db import connection

    from casework.models import Case
    from demodata.seeding import seed_cases

    if (held := Case.objects.count()) >= count:
        return held  # a kept database (BENCH_KEEP_DATABASE) seeded by an earlier run
    base_size = env_int("OFFICER_BENCH_BASE", 10_000)
    if connection.vendor != "postgresql" or count <= base_size:
        seed_cases(count, log=log)
        return Case.objects.count()
    copies = math.ceil(count / base_size)
    seed_cases(count // copies, log=log)
    cases_copy(copies - 1, log=log)
    return Case.objects.count()


def _columns(model: Any) -> list[str]:
    return [f.column for f in model._meta.local_concrete_fields]


def _copy(cursor: Any, model: Any, *, source: str, overrides: dict[str, str], copies: int) -> int:
    """One INSERT … SELECT of `copies` copies of every row of `model` (aliased `t` in `source`)."""
    from django.db import connection

    quote = connection.ops.quote_name
    columns = _columns(model)
    exprs = [overrides.get(column, f"t.{quote(column)}") for column in columns]
    cursor.execute(
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) "
        f"SELECT {', '.join(exprs)} FROM {source} CROSS JOIN generate_series(1, %s) k",
        [copies],
    )
    return cursor.rowcount


def _top(cursor: Any, model: Any) -> int:
    from django.db import connection

    quote = connection.ops.quote_name
    cursor.execute(f"SELECT COALESCE(MAX({quote(model._meta.pk.column)}), 0) FROM {quote(model._meta.db_table)}")
    return int(cursor.fetchone()[0])


def cases_copy(copies: int, *, log: Callable[[str], object] = lambda line: None) -> None:
    """Add `copies` copies of every case and its rows (PostgreSQL only), then vacuum and analyse."""
    from django.db import connection, transaction
    from viewflow.workflow.models import Process, Task

    from casework.models import Case, CaseEvent, CaseSearchDocument, CaseTask, Customer, ReferenceCounter

    with transaction.atomic(), connection.cursor() as cursor:
        # Copies of rows already consistent: foreign keys are not rechecked row by row in this transaction.
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(_POSTCODE_SHIFT)
        top = {m: _top(cursor, m) for m in (Customer, Process, Task, CaseEvent)}
        cursor.execute("SELECT COALESCE(MAX(substring(reference from '[0-9]+$')::bigint), 0) FROM casework_case")
        numbers = int(cursor.fetchone()[0])
        cust, proc, task, event = (f"k * {top[m]}" for m in (Customer, Process, Task, CaseEvent))
        pc = "pg_temp.postcode_shift(cu.postcode, k)"
        with_customer = "LEFT JOIN casework_customer cu ON cu.id = t.customer_id"
        steps = [
            (
                Customer,
                "casework_customer t",
                {
                    "id": f"t.id + {cust}",
                    "merged_into_id": f"t.merged_into_id + {cust}",
                    "postcode": "pg_temp.postcode_shift(t.postcode, k)",
                },
            ),
            (Process, "viewflow_process t", {"id": f"t.id + {proc}", "parent_task_id": f"t.parent_task_id + {task}"}),
            (
                Case,
                f"casework_case t {with_customer}",
                {
                    "process_ptr_id": f"t.process_ptr_id + {proc}",
                    "customer_id": f"t.customer_id + {cust}",
                    "reference": "regexp_replace(t.reference, '[0-9]+$', '') || lpad("
                    f"(substring(t.reference from '[0-9]+$')::bigint + k * {numbers})::text, 6, '0')",
                    "submission_token": "NULL",
                    "answers": f"CASE WHEN cu.postcode > '' THEN replace(t.answers::text, cu.postcode, {pc})::jsonb "
                    "ELSE t.answers END",
                },
            ),
            (Task, "viewflow_task t", {"id": f"t.id + {task}", "process_id": f"t.process_id + {proc}"}),
            (CaseTask, "casework_casetask t", {"task_id": f"t.task_id + {task}", "case_id": f"t.case_id + {proc}"}),
            (
                CaseEvent,
                "casework_caseevent t",
                {
                    "id": f"t.id + {event}",
                    "case_id": f"t.case_id + {proc}",
                    "task_id": f"t.task_id + {task}",
                    "feed_position": "NULL",
                },
            ),
        ]
        for model, source, overrides in steps:
            log(f"  {model._meta.db_table}: {_copy(cursor, model, source=source, overrides=overrides, copies=copies)}")
        # A copy's document: the base document with the copy's reference and postcode words in place of the base's.
        new_case = f"casework_case nc ON nc.process_ptr_id = t.case_id + {proc}"
        body = (
            "regexp_replace(regexp_replace(t.body, "
            r"'\m' || lower(replace(c.reference, '-', ' ')) || '\M', lower(replace(nc.reference, '-', ' ')), 'g'), "
            r"'\m' || lower(replace(c.reference, '-', '')) || '\M', lower(replace(nc.reference, '-', '')), 'g')"
        )
        body = (
            f"CASE WHEN cu.postcode > '' THEN replace(replace({body}, lower(cu.postcode), lower({pc})), "
            f"lower(replace(cu.postcode, ' ', '')), lower(replace({pc}, ' ', ''))) ELSE {body} END"
        )
        documents = (
            "casework_casesearchdocument t JOIN casework_case c ON c.process_ptr_id = t.case_id "
            "LEFT JOIN casework_customer cu ON cu.id = c.customer_id"
        )
        cursor.execute(
            f"INSERT INTO casework_casesearchdocument (case_id, council_id, body, updated_at) "
            f"SELECT t.case_id + {proc}, t.council_id, {body}, t.updated_at FROM {documents} "
            f"CROSS JOIN generate_series(1, %s) k JOIN {new_case}",
            [copies],
        )
        log(f"  casework_casesearchdocument: {cursor.rowcount}")
        for model in (Customer, Process, Task, CaseEvent):
            table, column = model._meta.db_table, model._meta.pk.column
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, %s), (SELECT MAX({column}) FROM {table}))", [table, column]
            )
        # New submissions number after the copies.
        cursor.execute(
            "UPDATE casework_referencecounter rc SET last = GREATEST(rc.last, (SELECT MAX(substring(c.reference "
            "from '[0-9]+$')::bigint) FROM casework_case c WHERE c.council_id = rc.council_id "
            "AND c.reference LIKE '%-' || rc.year || '-%'))"
        )
        cursor.execute("DROP FUNCTION pg_temp.postcode_shift(text, int)")
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"  # VACUUM only outside a transaction
    with connection.cursor() as cursor:
        for model in (Customer, Process, Case, Task, CaseTask, CaseEvent, CaseSearchDocument, ReferenceCounter):
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
