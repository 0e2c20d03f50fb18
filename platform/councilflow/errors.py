"""Domain errors shared by every Councilflow package; translated to HTTP/UI at the edges."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DefinitionProblem:
    """One problem in a JSON definition, located by a JSON pointer (RFC 6901)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or '/'}: {self.message}"


class DefinitionInvalid(Exception):
    """A form or workflow definition was refused; `problems` lists every reason with its path."""

    def __init__(self, problems: list[DefinitionProblem]):
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


def json_pointer(*parts: object) -> str:
    """Build a JSON pointer from path parts, escaping `~` and `/` as RFC 6901 requires."""
    escaped = (str(p).replace("~", "~0").replace("/", "~1") for p in parts)
    return "".join("/" + p for p in escaped)
