"""Form definitions: a JSON Schema plus a UI schema, checked, compiled and turned into pages.

Pure Python (no Django) so the whole pipeline can be tested alone:
`meta` (check a definition) -> `fields` (pages and questions) -> `coerce` (POST to typed answers)
-> `compiled` (validate answers, friendly messages) -> `diff` (what changed between two answers).
"""
