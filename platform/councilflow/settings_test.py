"""Test settings: the local run mode (settings.py defaults to production), chosen before settings.py reads it.

Set in the environment, not only here, so child processes a test starts (`manage.py`, gunicorn) inherit it.
pytest-django still runs each test with DEBUG=False, so error pages are the friendly ones.
"""

from __future__ import annotations

import os

os.environ.setdefault("COUNCILFLOW_ENV", "local")

from .settings import *  # noqa: E402,F401,F403
