"""The worked examples of docs/extending.md, executed from the doc itself so the page cannot go stale."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from councilflow.plugins import Registry

DOC = Path(__file__).resolve().parents[2] / "docs" / "extending.md"


def example_code(name: str) -> str:
    """The ```python block of docs/extending.md whose first line is `# example: <name>`."""
    for block in re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.S):
        if block.startswith(f"# example: {name}\n"):
            return block
    raise LookupError(f"docs/extending.md has no python block '# example: {name}'")


@contextmanager
def example_registered(name: str, registry: Registry, key: str) -> Iterator[dict]:
    """Run the doc's example (which registers `key`), and unregister it afterwards whatever happens."""
    namespace: dict = {}
    exec(compile(example_code(name), str(DOC), "exec"), namespace)  # noqa: S102  (our own doc's example)
    try:
        yield namespace
    finally:
        registry.unregister(key)
