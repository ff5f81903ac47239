"""The one place Redis clients are built, by purpose: each purpose's timeouts say how long its caller may wait."""
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

PURPOSES = {
    # a cache in front of PostgreSQL: a slow Redis must cost a list request less than counting would
    "cache": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5},
    # /health: answer quickly that Redis is down
    "probe": {"socket_timeout": 1, "socket_connect_timeout": 1},
    # notification publishes and metrics scrapes: short, never hold a request
    "publish": {"socket_timeout": 2, "socket_connect_timeout": 2},
    # an SSE subscription blocks on reads by design; a dropped one ends the stream (the client replays the gap)
    "subscribe": {"socket_connect_timeout": 2, "socket_keepalive": True, "retry": Retry(NoBackoff(), 0)},
    # platform state (token revocations, rollup watermark, idempotency keys, broker inspection)
    "state": {"socket_timeout": 5, "socket_connect_timeout": 5},
}


def redis_client(url: str, purpose: str) -> redis.Redis:
    """A client for `url` with the timeouts of `purpose` (one of PURPOSES)."""
    return redis.Redis.from_url(url, **PURPOSES[purpose])
