"""gunicorn settings for the web role (deploy/entrypoint.sh web); every figure can be set from the environment."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
pythonpath = f"{ROOT / 'platform'},{ROOT}"
sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("WEB_THREADS", "1"))
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = 30
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# The app logs one JSON line per request (django-structlog), so gunicorn's access log stays off.
accesslog = None
errorlog = "-"
# Only TRUSTED_PROXY_COUNT decides which X-Forwarded-For entry counts (docs/security.md); gunicorn trusts none.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def child_exit(server, worker):
    """A gunicorn worker that exits must stop counting in the multi-process metrics (PROMETHEUS_MULTIPROC_DIR)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
