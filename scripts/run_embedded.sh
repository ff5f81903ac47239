#!/usr/bin/env bash
# Run the API on the embedded default: SQLite file, local storage, no PostgreSQL or Redis needed.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
export FLASK_APP=wsgi:app
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-5000}
export PUBLIC_URL=${PUBLIC_URL:-http://$HOST:$PORT}

echo "==> applying database migrations"
"$VENV/bin/flask" db upgrade
echo "==> seeding the demo tenant"
"$VENV/bin/flask" seed-demo
echo "==> API docs: $PUBLIC_URL/docs   (ReDoc: $PUBLIC_URL/docs/redoc, health: $PUBLIC_URL/health)"
exec "$VENV/bin/gunicorn" --bind "$HOST:$PORT" --workers 1 --threads 8 --access-logfile - wsgi:app
