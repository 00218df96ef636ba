# CWF Grants production image: one image for web (gunicorn), worker and beat (Celery).
# Build: docker compose build    Run: docker compose up   (see README.md)

# --- Stage 1: the GOV.UK Frontend styles and assets, built with npm ------------------------------
FROM node:20-slim AS frontend
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY frontend/ frontend/
COPY static/ static/
RUN npm run build

# --- Stage 2: the Python application -------------------------------------------------------------
# Bookworm fixes the Debian release, so the system package names below stay right.
FROM python:3.11-slim-bookworm AS app

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=cwf.settings.production \
    CWF_VAR_DIR=/app/var

# WeasyPrint (board packs, offer letters) needs Pango and HarfBuzz and some fonts; python-magic
# needs libmagic to check uploaded receipts; libpq is for PostgreSQL tools.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        libjpeg62-turbo libffi8 shared-mime-info fonts-dejavu-core fonts-liberation \
        libmagic1 libpq5 \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system cwf && useradd --system --gid cwf --home-dir /app --shell /usr/sbin/nologin cwf

WORKDIR /app
# Only what the application runs on: requirements.lock less the test and lint tools, at the same
# versions (`make lock` writes both). --no-deps and `pip check` fail the build if the list ever
# misses a dependency, rather than letting pip fetch one unpinned.
COPY requirements-prod.lock ./
RUN pip install --no-deps -r requirements-prod.lock && pip check

COPY . .
COPY --from=frontend /build/static/build static/build
COPY --from=frontend /build/static/govuk static/govuk
COPY --from=frontend /build/static/vendor static/vendor

# Static files are collected into the image, hashed and compressed, and served by WhiteNoise.
# Production settings need a key and a host to load; these throwaway values never reach a server.
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost CWF_VAR_DIR=/tmp/build-var \
    python manage.py collectstatic --noinput \
    && rm -rf /tmp/build-var \
    && mkdir -p /app/var/media \
    && chown -R cwf:cwf /app/var

USER cwf
EXPOSE 8000
# web is the default; docker-compose.yml gives worker, beat and migrate their own commands.
# The server's configuration is gunicorn.conf.py, shared with the benchmark's load test.
CMD ["gunicorn", "--config", "gunicorn.conf.py", "cwf.wsgi:application"]
