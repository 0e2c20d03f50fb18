"""JSON from outside, parsed within limits on size and nesting, so hostile input is a clear refusal, not a 500.

Python's json module recurses once per nesting level: `"[" * 100000` raises RecursionError, which no
`except ValueError` catches. So `json_parse` measures the text's nesting first, without recursion, and
parses only text within `JSON_MAX_DEPTH` and the byte limit. `json_depth_problem` measures a structure that is
already parsed (a definition built in Python, a package's parts) the same way, for validators that recurse.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from django.conf import settings

from councilflow.errors import DefinitionProblem, json_pointer

DEFAULT_MAX_DEPTH = 64
DEFAULT_MAX_BYTES = 2 * 1024 * 1024

# A string (to its closing quote, or to the end when unterminated, so a scan is linear) or a bracket.
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)


class JSONRefused(ValueError):
    """Input refused before or while parsing; `limit` is "size", "depth" or "syntax", and `detail` is the
    message without its `what` subject ("is not valid JSON: …"), for callers that name the input themselves."""

    def __init__(self, what: str, detail: str, *, limit: str):
        super().__init__(f"{what} {detail}")
        self.limit = limit
        self.detail = detail


def json_max_depth() -> int:
    """How deeply arrays and objects may nest (the top level is 1): `JSON_MAX_DEPTH`."""
    return int(getattr(settings, "JSON_MAX_DEPTH", DEFAULT_MAX_DEPTH))


def json_max_bytes() -> int:
    """The largest JSON text accepted where no tighter limit applies: `JSON_MAX_BYTES`."""
    return int(getattr(settings, "JSON_MAX_BYTES", DEFAULT_MAX_BYTES))


def json_parse(
    text: str | bytes,
    *,
    max_bytes: int | None = None,
    max_depth: int | None = None,
    what: str = "The JSON",
    allow_nan: bool = True,
    depth_setting: str = "JSON_MAX_DEPTH",
) -> Any:
    """The parsed value of `text`, or `JSONRefused` naming the limit; `what` starts the message and
    `depth_setting` says where a caller's own `max_depth` comes from."""
    max_bytes = json_max_bytes() if max_bytes is None else max_bytes
    max_depth = json_max_depth() if max_depth is None else max_depth
    size = _byte_size(text)
    if size > max_bytes:
        raise JSONRefused(what, f"is {size} bytes, larger than the limit of {max_bytes} bytes", limit="size")
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode(json.detect_encoding(text), "surrogatepass")
        except UnicodeDecodeError as exc:
            raise JSONRefused(what, f"is not valid UTF-8 text (byte {exc.start})", limit="syntax") from exc
    json_text_depth_check(text, max_depth=max_depth, what=what, depth_setting=depth_setting)
    try:
        return json.loads(text, parse_constant=None if allow_nan else _constant_refuse)
    except RecursionError as exc:  # only if max_depth is set beyond what the interpreter can recurse
        raise JSONRefused(what, "is nested too deeply to read", limit="depth") from exc
    except json.JSONDecodeError as exc:
        raise JSONRefused(
            what, f"is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}", limit="syntax"
        ) from exc
    except ValueError as exc:  # an integer longer than the interpreter converts, or a refused NaN
        raise JSONRefused(what, f"is not valid JSON: {_value_error_text(exc)}", limit="syntax") from exc


def json_text_depth_check(
    text: str, *, max_depth: int, what: str = "The JSON", depth_setting: str = "JSON_MAX_DEPTH"
) -> None:
    """Refuse text whose arrays/objects nest deeper than `max_depth`, naming where; one linear pass, no recursion."""
    depth = 0
    for match in _TOKEN.finditer(text):
        first = match.group()[0]
        if first in "[{":
            depth += 1
            if depth > max_depth:
                line, column = _line_column(text, match.start())
                raise JSONRefused(
                    what,
                    f"is nested deeper than the limit of {max_depth} levels ({depth_setting}) at line {line} column {column}",
                    limit="depth",
                )
        elif first in "]}":
            depth -= 1  # unbalanced brackets are left for the parser to report


def json_too_deep_path(value: Any, *, max_depth: int | None = None) -> tuple | None:
    """The path (keys and indexes) of the first array/object nested deeper than `max_depth`, or None."""
    max_depth = json_max_depth() if max_depth is None else max_depth
    stack: list[tuple[Any, tuple, int]] = [(value, (), 1)]
    while stack:
        node, path, depth = stack.pop()
        if isinstance(node, dict):
            children = list(node.items())
        elif isinstance(node, (list, tuple)):
            children = list(enumerate(node))
        else:
            continue
        if depth > max_depth:
            return path
        for key, child in reversed(children):  # reversed, so the first problem in document order is found
            if isinstance(child, (dict, list, tuple)):
                stack.append((child, (*path, key), depth + 1))
    return None


def json_depth_problem(value: Any, *, at: str = "", max_depth: int | None = None) -> DefinitionProblem | None:
    """A `DefinitionProblem` at the JSON pointer (under `at`) of the first part nested too deeply, or None."""
    max_depth = json_max_depth() if max_depth is None else max_depth
    path = json_too_deep_path(value, max_depth=max_depth)
    if path is None:
        return None
    return DefinitionProblem(
        at + json_pointer(*path), f"nested deeper than the limit of {max_depth} levels (JSON_MAX_DEPTH)"
    )


def _byte_size(text: str | bytes) -> int:
    if isinstance(text, (bytes, bytearray)):
        return len(text)
    return len(text.encode("utf-8", "surrogatepass"))


def _line_column(text: str, position: int) -> tuple[int, int]:
    return text.count("\n", 0, position) + 1, position - text.rfind("\n", 0, position)


def _constant_refuse(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


def _value_error_text(exc: ValueError) -> str:
    if "integer string conversion" in str(exc):
        return f"a number is longer than the limit of {sys.get_int_max_str_digits()} digits"
    return str(exc)
