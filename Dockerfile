# syntax=docker/dockerfile:1
# Councilflow image: one image, one role per container (deploy/entrypoint.sh; compose.yaml; docs/operations.md).
# Three stages: npm packages (govuk-frontend, htmx), Python packages in a venv, then a slim runtime as a non-root user.

FROM node:22-bookworm-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --omit=dev

FROM python:3.11-slim-bookworm AS python-deps
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential \
 && rm -rf /var/lib/apt/lists/*
COPY requirements.txt /tmp/requirements.txt
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install --no-cache-dir --upgrade pip \
 && /opt/venv/bin/pip install --no-cache-dir -r /tmp/requirements.txt

FROM python:3.11-slim-bookworm AS runtime
# pango lays out the PDF scorecards (WeasyPrint); tini reaps children and forwards SIGTERM.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libmagic1 tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 councilflow \
 && useradd --system --uid 10001 --gid councilflow --home-dir /app --no-create-home councilflow
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    COUNCILFLOW_VAR_DIR=/app/var \
    MEDIA_ROOT=/data/uploads \
    LOG_FORMAT=json
WORKDIR /app
COPY --from=python-deps /opt/venv /opt/venv
COPY --from=assets /src/node_modules /app/node_modules
COPY . /app
# Static files are collected at build time (production settings need a SECRET_KEY to load; this one is discarded).
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput -v0 \
 && mkdir -p /data/uploads \
 && chown -R councilflow:councilflow /app/var /data/uploads
USER 10001:10001
EXPOSE 8000
VOLUME ["/data/uploads"]
ENTRYPOINT ["tini", "--", "/app/deploy/entrypoint.sh"]
CMD ["web"]
