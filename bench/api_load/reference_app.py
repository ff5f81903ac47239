"""Baselines served by the same gunicorn setup as the real app.

`create_bare()`: bare Flask answering `{"ok": true}` — the framework's floor.
`create_minimal()`: the same page of the same rows as `GET /api/v1/evaluations` (same columns as EvaluationSchema,
same tenant and soft-delete filter, same order, same page size, the failure text from the same message catalogue)
with one raw psycopg query and `json.dumps`: no auth, no ORM, no marshmallow, no COUNT. `?count=1` adds the COUNT the real endpoint runs for X-Pagination (diagnostic).
Settings come from the environment: BENCH_API_DSN and BENCH_API_COMPANY_ID.
"""

import json
import os

from flask import Flask, Response, request

COLUMNS = ("id", "created_at", "updated_at", "company_id", "campaign_id", "zone_id", "user_id", "comments",
           "media_filename", "media_content_type", "media_size", "duration_seconds", "status", "stage", "progress",
           "error_code", "error_message", "completed_at", "failed_at")
PAGE = (f"SELECT {', '.join(COLUMNS)} FROM evaluations WHERE company_id = %s AND deleted_at IS NULL "
        "ORDER BY created_at DESC, id ASC LIMIT %s OFFSET %s")
COUNT = "SELECT count(*) FROM evaluations WHERE company_id = %s AND deleted_at IS NULL"
MAX_PAGE_SIZE = 100


def create_bare():
    app = Flask(__name__)

    @app.get("/ok")
    def ok():
        return {"ok": True}

    return app


def _iso(value):
    return value.isoformat()


def create_minimal():
    from bench.api_load.floor_app import database_pool
    from siete.evaluations.messages import message_for

    company_id = int(os.environ["BENCH_API_COMPANY_ID"])  # what the token's user would give
    pool = database_pool(os.environ["BENCH_API_DSN"])

    app = Flask(__name__)

    @app.get("/evaluations")
    def evaluations():
        page = max(int(request.args.get("page", 1)), 1)
        size = min(max(int(request.args.get("page_size", 10)), 1), MAX_PAGE_SIZE)
        with pool.connection() as conn:
            return _evaluations(conn, page, size)

    def _evaluations(conn, page, size):
        headers = {}
        if request.args.get("count"):
            total = conn.execute(COUNT, (company_id,)).fetchone()[0]
            headers["X-Total"] = str(total)
        rows = [dict(zip(COLUMNS, row)) for row in conn.execute(PAGE, (company_id, size, (page - 1) * size))]
        for row in rows:  # the shopper reads the catalogue's text for the code, as from the real endpoint
            row["error_message"] = message_for(row["error_code"], "es") if row["error_code"] else None
        body = json.dumps(rows, default=_iso)
        return Response(body, mimetype="application/json", headers=headers)

    return app
