# Jobly: one image for web (gunicorn + uvicorn workers), worker, beat and flower (the command differs per service).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    JOBLY_VAR_DIR=/app/var

RUN apt-get update \
    && apt-get install -y --no-install-recommends libmagic1 poppler-utils tesseract-ocr tesseract-ocr-eng curl fonts-liberation fonts-dejavu-core postgresql-client \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN python -m venv /app/.venv && /app/.venv/bin/pip install --upgrade pip && /app/.venv/bin/pip install -r requirements.txt
ENV PATH="/app/.venv/bin:$PATH"

COPY . .
RUN useradd --create-home --uid 10001 jobly \
    && mkdir -p /app/var/media /app/var/static /app/var/backups \
    && JOBLY_MODE=development python manage.py collectstatic --noinput -v 0 \
    && chown -R jobly:jobly /app/var
USER jobly

EXPOSE 8000
ENV JOBLY_BIND=0.0.0.0 FORWARDED_ALLOW_IPS="*"
CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py", "jobly.asgi:application"]
