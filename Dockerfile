# The production image: gunicorn for the web, the same image for the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
RUN useradd --create-home --uid 1000 network

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# The translation catalogues compiled (gettext's msgfmt, removed again), then static files
# collected into the image; whitenoise serves them, compressed and hashed.
RUN apt-get update && apt-get install -y --no-install-recommends gettext \
    && SECRET_KEY=only-for-compilemessages python manage.py compilemessages --ignore '.venv' -v 0 \
    && apt-get purge -y gettext && apt-get autoremove -y && rm -rf /var/lib/apt/lists/*
RUN DEBUG=0 SECRET_KEY=only-for-collectstatic python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media \
    && chown -R network:network /app/var

USER network
EXPOSE 8000
CMD ["gunicorn", "network.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
