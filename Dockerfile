# The platform's image: web (gunicorn), Celery worker and beat all run from it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH

# WeasyPrint's libraries, gettext for the translations, fonts for the PDFs, npm for
# the front-end packages.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
      gettext npm \
 && rm -rf /var/lib/apt/lists/* \
 && pip install --no-cache-dir uv==0.13.9 \
 && useradd --create-home --uid 1000 reseau

WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
RUN SECRET_KEY=build-only-secret-key-build-only-secret-key-build-only DJANGO_DEBUG=false \
      SITE_URL=https://build.invalid STATIC_MANIFEST=true python manage.py compilemessages --ignore=node_modules -v 0 \
 && SECRET_KEY=build-only-secret-key-build-only-secret-key-build-only DJANGO_DEBUG=false \
      SITE_URL=https://build.invalid STATIC_MANIFEST=true python manage.py collectstatic --noinput -v 0 \
 && mkdir -p /app/media && chown reseau /app/media

USER reseau
EXPOSE 8000
CMD ["gunicorn", "network.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
