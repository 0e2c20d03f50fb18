"""councilflow.json_limits: depth is measured on the text without recursion, strings are skipped, the scan is linear."""

from __future__ import annotations

import time

import pytest

from councilflow.json_limits import JSONRefused, json_depth_problem, json_parse, json_too_deep_path
from demodata.loader import library_load


def test_brackets_inside_strings_and_escaped_quotes_do_not_count():
    text = '{"a": "[[[[{{{{\\"[[[[", "b": [[1]]}'
    assert json_parse(text, max_depth=3) == {"a": '[[[[{{{{"[[[[', "b": [[1]]}
    with pytest.raises(
        JSONRefused, match=r"nested deeper than the limit of 2 levels \(JSON_MAX_DEPTH\) at line 1 column 31"
    ) as caught:
        json_parse(text, max_depth=2)
    assert caught.value.limit == "depth"


def test_the_position_of_the_level_too_deep_is_named_by_line_and_column():
    with pytest.raises(JSONRefused, match="at line 3 column 4"):
        json_parse('{\n "a":\n  [[1]]}', max_depth=2)


def test_an_unterminated_string_full_of_quotes_is_scanned_in_linear_time():
    """A string pattern that retried at every quote would take minutes here (quadratic)."""
    text = '"' + '\\"' * 500_000
    started = time.perf_counter()
    with pytest.raises(JSONRefused) as caught:
        json_parse(text, max_bytes=2_000_000)
    assert caught.value.limit == "syntax" and time.perf_counter() - started < 2


def test_bytes_in_utf_16_are_read_like_json_loads_reads_them():
    assert json_parse('{"a": [1]}'.encode("utf-16")) == {"a": [1]}
    with pytest.raises(JSONRefused, match="not valid UTF-8 text"):
        json_parse(b'{"a": "\xff"}')


def test_size_is_counted_in_utf8_bytes():
    assert json_parse('"éé"', max_bytes=6) == "éé"
    with pytest.raises(JSONRefused, match="is 6 bytes, larger than the limit of 5 bytes") as caught:
        json_parse('"éé"', max_bytes=5)
    assert caught.value.limit == "size"


def test_parsed_structures_are_measured_iteratively_in_document_order():
    deep: list = []
    for _ in range(10_000):  # far deeper than Python could recurse
        deep = [deep]
    assert json_too_deep_path({"first": {"b": [[1]]}, "second": deep}, max_depth=3) == ("first", "b", 0)
    problem = json_depth_problem({"x": deep}, at="/schema", max_depth=2)
    assert problem is not None and problem.path == "/schema/x/0"


def test_the_demo_loader_refuses_a_deep_library_file_naming_it(tmp_path):
    folder = tmp_path / "form_definitions" / "library"
    folder.mkdir(parents=True)
    (folder / "bomb.json").write_text("[" * 100_000)
    with pytest.raises(
        JSONRefused, match=r"^form_definitions/library/bomb.json is nested deeper than the limit of 64 levels"
    ):
        library_load(folder, "bomb")
