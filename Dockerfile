# Vårdportalen: one image for web (gunicorn), worker and beat (Celery), and the one-shot migrate.
# Build: docker compose build   (see docker-compose.yml and README, "Drift")

# --- build: wheels for every dependency (a compiler only here, in case a wheel must be built) ---
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml ./
# Dependencies first, from pyproject.toml alone, so this layer is rebuilt only when they change.
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > requirements.txt \
    && pip wheel --wheel-dir /wheels -r requirements.txt

# --- runtime ---
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=vardportalen.settings.production
# WeasyPrint (print PDFs) needs Pango and HarfBuzz, and a font.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin vardportalen
WORKDIR /app
COPY --from=build /wheels /wheels
COPY --from=build /src/requirements.txt /tmp/requirements.txt
RUN pip install --no-index --find-links /wheels -r /tmp/requirements.txt && rm -rf /wheels /tmp/requirements.txt
# The project runs from /app (templates/, static/, locale/ and manage.py live beside the packages;
# PYTHONPATH=/app makes these sources the ones imported).
COPY . /app
RUN pip install --no-deps . \
    && DJANGO_SECRET_KEY=collectstatic-only-not-a-secret \
       DATABASE_URL=postgres://build@localhost/build \
       REDIS_URL=redis://localhost:6379/0 \
       python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media \
    && chown -R vardportalen:vardportalen /app/var
USER vardportalen
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["python", "-m", "devtools.healthcheck"]
CMD ["gunicorn", "vardportalen.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-", "--no-control-socket"]
