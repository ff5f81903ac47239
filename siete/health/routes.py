"""GET /health: is the API able to reach its database and Redis?"""
import marshmallow as ma
import redis
from flask import current_app
from flask.views import MethodView
from sqlalchemy import text

from siete.core.api import Blueprint
from siete.core.redis_clients import redis_client
from siete.extensions import db

blp = Blueprint("health", __name__, url_prefix="/health", description="Liveness and dependencies")


class HealthSchema(ma.Schema):
    status = ma.fields.String(metadata={"description": "ok or degraded"})
    database = ma.fields.String()
    redis = ma.fields.String()


def _check_database():
    try:
        db.session.execute(text("SELECT 1"))
        return "ok"
    except Exception as exc:  # any failure means "unreachable"; the reason is reported, not hidden
        db.session.rollback()
        return f"error: {type(exc).__name__}"


def _check_redis():
    url = current_app.config.get("REDIS_URL")
    if not url:
        return "not configured"
    try:
        redis_client(url, "probe").ping()
        return "ok"
    except redis.RedisError as exc:
        return f"error: {type(exc).__name__}"


@blp.route("")
class Health(MethodView):
    @blp.response(200, HealthSchema)
    @blp.alt_response(503, schema=HealthSchema, description="A dependency is unreachable")
    def get(self):
        """Report database and Redis reachability"""
        result = {"database": _check_database(), "redis": _check_redis()}
        healthy = all(v in ("ok", "not configured") for v in result.values())
        result["status"] = "ok" if healthy else "degraded"
        return result, (200 if healthy else 503)
