# The platform's image: web (gunicorn), Celery worker and beat, and the one-shot migrate
# service all run from it. Two stages: Node.js fetches the front-end packages (leaflet…) in
# the first; the runtime image gets the files, never Node.js or npm.

# --- Front-end packages --------------------------------------------------------------------
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# --- Runtime ---------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm AS runtime

# pg_dump/pg_restore of the database server's major version (docker-compose.yml's db image):
# Debian bookworm ships PostgreSQL 15's client.
ARG POSTGRES_MAJOR=15

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH

# WeasyPrint's libraries, gettext for the translations, fonts for the PDFs, the PostgreSQL
# client for `make backup`.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
      gettext "postgresql-client-${POSTGRES_MAJOR}" \
 && rm -rf /var/lib/apt/lists/* \
 && pip install --no-cache-dir uv==0.13.9 \
 && useradd --create-home --uid 1000 reseau

WORKDIR /app
COPY pyproject.toml uv.lock ./
# Bytecode compiled here: PYTHONDONTWRITEBYTECODE (and a read-only /app for the user) would
# otherwise make every process compile every module it imports when it starts.
RUN uv sync --frozen --no-dev --no-install-project --compile-bytecode
COPY --from=assets /app/node_modules ./node_modules
COPY . .
# Build-time settings only (no service is reached): the image carries no secret.
RUN export SECRET_KEY=build-only-secret-key-build-only-secret-key-build-only \
      DJANGO_DEBUG=false SITE_URL=https://build.invalid STATIC_MANIFEST=true \
      DATABASE_URL=postgres://build.invalid/build REDIS_URL=redis://build.invalid:6379/0 \
      EMAIL_HOST=build.invalid DEFAULT_FROM_EMAIL=build@build.invalid \
 && python manage.py compilemessages --ignore=node_modules -v 0 \
 && python manage.py collectstatic --noinput -v 0 \
 && python -m compileall -q -j 0 manage.py gunicorn.conf.py network structures events experiences territories pages \
 && mkdir -p /app/media /app/backups && chown reseau /app/media /app/backups

USER reseau
EXPOSE 8000
# gunicorn.conf.py holds the command line (bind, workers, logs).
CMD ["gunicorn", "--config", "gunicorn.conf.py"]
