"""The service and its council by their slugs, the one statement every resident request starts with (issue #21).

Django compiles a `select_related` query afresh on every call: for these 35 columns that was about half a
millisecond of CPU per request, more than the statement itself. The statement never changes, so it is written
once per database connection alias from the models' own fields, and its row becomes the two model instances
through `Model.from_db`, each column through the converters Django itself would apply (JSON decoded, SQLite's
integers made booleans). A field added to either model is in the statement at the next start.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Field

from casework.models import Service
from councils.models import Council


@dataclass(frozen=True)
class _Statement:
    sql: str
    service_fields: tuple[str, ...]  # attnames, in the models' concrete-field order
    council_fields: tuple[str, ...]
    converters: tuple[tuple[int, tuple, Any], ...]  # (column index, converters, the expression they expect)


_statements: dict[str, _Statement] = {}
_lock = threading.Lock()


def service_with_council_get(*, council_slug: str, service_slug: str, using: str = "default") -> Service | None:
    """The service `service_slug` of council `council_slug`, its council loaded on it; None when there is none."""
    connection = connections[using]
    statement = _statement(using)
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, [council_slug, service_slug])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for index, converters, expression in statement.converters:
        for converter in converters:
            values[index] = converter(values[index], expression, connection)
    split = len(statement.service_fields)
    service = Service.from_db(using, statement.service_fields, values[:split])
    service.council = Council.from_db(using, statement.council_fields, values[split:])
    return service


def _statement(using: str) -> _Statement:
    held = _statements.get(using)
    if held is None:
        with _lock:
            held = _statements.setdefault(using, _statement_build(using))
    return held


def _statement_build(using: str) -> _Statement:
    connection = connections[using]
    quote = connection.ops.quote_name
    service_table, council_table = Service._meta.db_table, Council._meta.db_table
    service_fields: list[Field] = list(Service._meta.concrete_fields)
    council_fields: list[Field] = list(Council._meta.concrete_fields)
    columns = [(service_table, f) for f in service_fields] + [(council_table, f) for f in council_fields]
    converters = []
    for index, (table, field) in enumerate(columns):
        expression = field.get_col(table)
        found = tuple(connection.ops.get_db_converters(expression)) + tuple(expression.get_db_converters(connection))
        if found:
            converters.append((index, found, expression))

    def column(table: str, field: Any) -> str:
        return f"{quote(table)}.{quote(field.column)}"

    sql = (
        "SELECT "
        + ", ".join(column(table, field) for table, field in columns)
        + f" FROM {quote(service_table)} INNER JOIN {quote(council_table)}"
        f" ON {column(service_table, Service._meta.get_field('council'))} = {column(council_table, Council._meta.pk)}"
        f" WHERE {column(council_table, Council._meta.get_field('slug'))} = %s"
        f" AND {column(service_table, Service._meta.get_field('slug'))} = %s LIMIT 1"
    )
    return _Statement(
        sql=sql,
        service_fields=tuple(f.attname for f in service_fields),
        council_fields=tuple(f.attname for f in council_fields),
        converters=tuple(converters),
    )
