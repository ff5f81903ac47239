#!/usr/bin/env bash
# The API and a worker on the embedded default: SQLite, a filesystem broker, local storage, local Whisper
# and the heuristic analyzer; no PostgreSQL or Redis needed. DATABASE_URL / REDIS_URL, when set, are used.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
export FLASK_APP=wsgi:app
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-5000}
export PUBLIC_URL=${PUBLIC_URL:-http://$HOST:$PORT}
export LOG_FORMAT=${LOG_FORMAT:-text} LOG_LEVEL=${LOG_LEVEL:-WARNING}

echo "==> applying database migrations"
"$VENV/bin/flask" db upgrade
echo "==> seeding the demo tenant"
"$VENV/bin/flask" seed-demo
echo "==> starting a worker for the video pipeline and reports (queues default, media, ai, reports)"
"$VENV/bin/celery" -A celery_app worker -Q default,media,ai,reports -c 1 -l WARNING -n embedded@%h &
WORKER=$!
echo "==> web console: $PUBLIC_URL/   (built by make run; log in with a demo login above)"
echo "==> API docs: $PUBLIC_URL/docs   (ReDoc: $PUBLIC_URL/docs/redoc, health: $PUBLIC_URL/health)"
"$VENV/bin/gunicorn" --bind "$HOST:$PORT" --worker-class gthread --workers 1 --threads 8 wsgi:app &
API=$!
trap 'kill $WORKER $API 2>/dev/null || true' EXIT INT TERM
if [ "${SKIP_DEMO:-}" != "1" ]; then
  "$VENV/bin/flask" demo --url "$PUBLIC_URL" || echo "==> demo did not finish; the API still runs at $PUBLIC_URL/docs"
fi
wait $API
