"""Siete CX backend: the application factory."""
from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from siete.config import PROJECT_ROOT, Config

FEATURES = (
    "health", "auth", "users", "companies", "zones", "campaigns", "surveys", "evaluations", "analysis",
    "payments", "notifications", "prompts", "scorecards", "cloudflare", "dashboard", "audit", "delivery", "reports",
    "review", "vocabulary",
)


def create_app(config: Config | None = None) -> Flask:
    """config → extensions → blueprints → error handlers → CLI."""
    import importlib

    from siete import all_models  # noqa: F401 - every table registered before the first query
    from siete.auth.tokens import init_tokens
    from siete.cli import register_cli
    from siete.core.api import register_id_converter
    from siete.core.connections import init_connections
    from siete.core.count_cache import init_count_cache
    from siete.core.errors import register_error_handlers
    from siete.core.headers import init_security_headers
    from siete.core.jsonio import OrjsonProvider
    from siete.core.metrics import init_metrics
    from siete.core.observability import configure_logging, init_request_ids
    from siete.core.pagination import document_pagination_header
    from siete.core.passwords import init_passwords
    from siete.docs import bp as docs_bp
    from siete.extensions import api, celery_init_app, db, jwt, limiter, migrate

    config = config or Config()
    config.validate()
    configure_logging(config.LOG_LEVEL, config.LOG_FORMAT)
    app = Flask(__name__)
    app.json = OrjsonProvider(app)
    app.config.from_object(config)
    config.VAR_DIR.mkdir(parents=True, exist_ok=True)
    if config.TRUSTED_PROXY_HOPS:
        hops = config.TRUSTED_PROXY_HOPS
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    db.init_app(app)
    with app.app_context():
        init_connections(app, db.engine)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    jwt.init_app(app)
    limiter.init_app(app)
    api.init_app(app)
    register_id_converter(app, api)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
    init_passwords(app)
    init_tokens(app)
    init_count_cache(app)
    celery_init_app(app)

    for name in FEATURES:
        api.register_blueprint(importlib.import_module(f"siete.{name}.routes").blp)
    document_pagination_header(api)
    app.register_blueprint(docs_bp)
    app.register_blueprint(importlib.import_module("siete.console").bp)  # the web console at /, last
    register_error_handlers(app)
    init_request_ids(app)
    init_security_headers(app)
    init_metrics(app)
    register_cli(app)
    return app
