"""The hand-written authenticated floor (issue #18): Siete's list and detail work with nothing but the libraries.

Per request, as the real endpoint does: the bearer token decoded with PyJWT (the app's secret, HS256, exp and iat
required), its `jti` looked up in Redis (`siete:revoked:<jti>`, the app's blocklist key), the user row read with its
company (a deleted user or company, or a stale token version, is a 401), tenancy and the role rule (managers see
their assigned campaigns, shoppers their own visits) in the WHERE clause, the total from a Redis-cached COUNT
(60 s), one raw psycopg page query, the failure text from the app's message catalogue, `json.dumps`.
Served by the same gunicorn setup as the real app. Settings: BENCH_API_DSN, BENCH_API_REDIS_URL, BENCH_JWT_SECRET, BENCH_DB_POOL.
"""

import json
import os

import jwt
import redis
from flask import Flask, Response, request
from psycopg_pool import ConnectionPool

from bench.api_load.reference_app import COLUMNS, MAX_PAGE_SIZE, _iso

ADMIN, MANAGER, SHOPPER = 1, 2, 3
USER = ("SELECT u.id, u.role, u.company_id, u.token_version, c.id FROM users u "
        "LEFT JOIN companies c ON c.id = u.company_id AND c.deleted_at IS NULL "
        "WHERE u.id = %s AND u.deleted_at IS NULL")
ROLE_RULE = {
    MANAGER: " AND campaign_id IN (SELECT campaign_id FROM campaign_users WHERE user_id = %(user)s "
             "AND deleted_at IS NULL)",
    SHOPPER: " AND user_id = %(user)s",
}
WHERE = "company_id = %(company)s AND deleted_at IS NULL"
DETAIL = (f"SELECT {', '.join('e.' + c for c in COLUMNS)}, r.answers, r.survey_id FROM evaluations e "
          "LEFT JOIN LATERAL (SELECT answers, survey_id FROM survey_responses WHERE evaluation_id = e.id "
          "AND deleted_at IS NULL ORDER BY id LIMIT 1) r ON true WHERE e.id = %(id)s AND ")  # + the scope
COUNT_TTL = 60


def database_pool(dsn):
    """BENCH_DB_POOL connections per worker process, as the real app's DB_POOL_SIZE (autocommit: no transaction)."""
    size = int(os.environ.get("BENCH_DB_POOL", "16"))
    return ConnectionPool(dsn, min_size=size, max_size=size, kwargs={"autocommit": True}, open=True)


def pagination_metadata(page, size, total):
    """X-Pagination as flask-smorest writes it (no `page` past the last one)."""
    if total == 0:
        return {"total": 0, "total_pages": 0}
    pages = (total - 1) // size + 1
    metadata = {"total": total, "total_pages": pages, "first_page": 1, "last_page": pages}
    if page <= pages:
        metadata["page"] = page
        if page > 1:
            metadata["previous_page"] = page - 1
        if page < pages:
            metadata["next_page"] = page + 1
    return metadata


def _problem(status, message):
    return Response(json.dumps({"code": status, "status": "error", "message": message}), status,
                    mimetype="application/json")


def create_floor():
    from siete.evaluations.messages import message_for

    dsn, secret = os.environ["BENCH_API_DSN"], os.environ["BENCH_JWT_SECRET"]
    cache = redis.Redis.from_url(os.environ["BENCH_API_REDIS_URL"])
    pool = database_pool(dsn)

    def authenticate(conn):
        """The token's user as the real app accepts it, or None (401)."""
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return None
        try:
            claims = jwt.decode(header[7:], secret, algorithms=["HS256"], options={"require": ["exp", "iat"]})
        except jwt.PyJWTError:
            return None
        if claims.get("type") != "access" or cache.get(f"siete:revoked:{claims['jti']}") is not None:
            return None
        row = conn.execute(USER, (int(claims["sub"]),)).fetchone()
        if row is None or (row[2] is not None and row[4] is None) or claims.get("ver", 0) != row[3]:
            return None
        return {"id": row[0], "role": row[1], "company": row[2]}

    def scope(user):
        where = WHERE + ROLE_RULE.get(user["role"], "")
        return where, {"company": user["company"], "user": user["id"]}

    def rows_of(cursor):
        rows = [dict(zip(COLUMNS, row)) for row in cursor]
        for row in rows:
            row["error_message"] = message_for(row["error_code"], "es") if row["error_code"] else None
        return rows

    app = Flask(__name__)

    @app.get("/ok")
    def ok():
        return {"ok": True}

    @app.get("/evaluations")
    def evaluations():
        with pool.connection() as conn:
            return _evaluations(conn)

    def _evaluations(conn):
        user = authenticate(conn)
        if user is None:
            return _problem(401, "Unauthorized")
        page = max(int(request.args.get("page", 1)), 1)
        size = min(max(int(request.args.get("page_size", 10)), 1), MAX_PAGE_SIZE)
        where, values = scope(user)
        key = f"bench:floor:count:{user['company']}:{user['role']}:{user['id']}"
        cached = cache.get(key)
        if cached is None:
            total = conn.execute(f"SELECT count(*) FROM evaluations WHERE {where}", values).fetchone()[0]
            cache.set(key, total, ex=COUNT_TTL)
        else:
            total = int(cached)
        rows = rows_of(conn.execute(
            f"SELECT {', '.join(COLUMNS)} FROM evaluations WHERE {where} ORDER BY created_at DESC, id ASC "
            "LIMIT %(limit)s OFFSET %(offset)s", {**values, "limit": size, "offset": (page - 1) * size}))
        return Response(json.dumps(rows, default=_iso), mimetype="application/json",
                        headers={"X-Pagination": json.dumps(pagination_metadata(page, size, total))})

    @app.get("/evaluations/<int:evaluation_id>")
    def evaluation(evaluation_id):
        with pool.connection() as conn:
            return _evaluation(conn, evaluation_id)

    def _evaluation(conn, evaluation_id):
        user = authenticate(conn)
        if user is None:
            return _problem(401, "Unauthorized")
        where, values = scope(user)  # unqualified names: the lateral subquery exposes only answers and survey_id
        row = conn.execute(DETAIL + where, {**values, "id": evaluation_id}).fetchone()
        if row is None:
            return _problem(404, "Not found")
        found = dict(zip((*COLUMNS, "answers", "survey_id"), row))
        found["error_message"] = message_for(found["error_code"], "es") if found["error_code"] else None
        return Response(json.dumps(found, default=_iso), mimetype="application/json")

    return app
