"""Why a service package was refused: every reason names the JSON path it is about."""

from __future__ import annotations

from councilflow.errors import DefinitionInvalid, DefinitionProblem


class PackageRefused(DefinitionInvalid):
    """The package cannot be exported or imported; `problems` lists each reason with its JSON path."""

    @classmethod
    def at(cls, path: str, message: str) -> PackageRefused:
        return cls([DefinitionProblem(path, message)])
