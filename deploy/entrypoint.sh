#!/bin/sh
# The container's entrypoint, and the same commands outside one (tests/ops/test_ops_containers.py runs them).
# One role per process (docs/operations.md): web | worker | celery-worker | celery-beat | migrate | manage ARGS...
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python}"
role="${1:-web}"
[ $# -gt 0 ] && shift

case "$role" in
  web)
    if [ -n "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
      # request metrics of every gunicorn worker, written as files; stale ones from a previous run are removed
      rm -rf "$PROMETHEUS_MULTIPROC_DIR" && mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
    fi
    exec "$PYTHON" -m gunicorn --config deploy/gunicorn.conf.py councilflow.wsgi:application "$@"
    ;;
  worker)
    exec "$PYTHON" manage.py run_worker "$@"
    ;;
  celery-worker)
    exec "$PYTHON" -m celery -A connectors.celery_app worker --loglevel "${LOG_LEVEL:-INFO}" "$@"
    ;;
  celery-beat)
    # exactly one beat per deployment: two would schedule every sweep twice (harmless, but wasted)
    exec "$PYTHON" -m celery -A connectors.celery_app beat --loglevel "${LOG_LEVEL:-INFO}" \
      --schedule "${CELERY_BEAT_SCHEDULE_FILE:-/tmp/celerybeat-schedule}" "$@"
    ;;
  migrate)
    "$PYTHON" manage.py migrate --noinput "$@"
    exec "$PYTHON" manage.py check --deploy --fail-level ERROR
    ;;
  manage)
    exec "$PYTHON" manage.py "$@"
    ;;
  *)
    echo "entrypoint: unknown role '$role' (web, worker, celery-worker, celery-beat, migrate, manage)" >&2
    exit 64
    ;;
esac
