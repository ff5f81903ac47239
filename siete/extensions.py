"""Flask extensions, created unbound and initialised by the app factory."""
import time

import flask_jwt_extended
from celery import Celery, Task
from flask import Flask, request
from flask_jwt_extended.config import config as jwt_config
from flask_jwt_extended.default_callbacks import default_decode_key_callback
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy

from siete.core.models import Base


class JWTManager(flask_jwt_extended.JWTManager):
    """flask-jwt-extended decodes a bearer token three times per request (its claims and header unverified, then
    verified). A token whose signature and claims were verified once is remembered, keyed by the token and every
    setting the verification used (secret, algorithms, audience, issuer, leeway): the same bytes under the same key
    verify the same way. Its expiry is checked again on every use (an expired token takes the full path and fails
    as before); nbf and iat, once passed, stay passed. Revocation and the user reload are not cached: they run on
    every request (issue #18). Bounded; a custom decode-key loader turns it off."""

    VERIFIED_MAX = 4096

    def __init__(self, *args, **kwargs):
        self._verified = {}
        super().__init__(*args, **kwargs)

    def _decode_jwt_from_config(self, encoded_token, csrf_value=None, allow_expired=False):
        if csrf_value or allow_expired or self._decode_key_callback is not default_decode_key_callback:
            return super()._decode_jwt_from_config(encoded_token, csrf_value, allow_expired)
        audience = jwt_config.decode_audience
        key = (encoded_token, jwt_config.decode_key, tuple(jwt_config.decode_algorithms),
               audience if isinstance(audience, (str, type(None))) else tuple(audience), jwt_config.decode_issuer,
               jwt_config.leeway, jwt_config.identity_claim_key, jwt_config.verify_sub)
        verified = self._verified.get(key)
        if verified is not None and isinstance(verified.get("exp"), (int, float)) and \
                verified["exp"] > time.time() - jwt_config.leeway:  # PyJWT's own test: expired when exp <= now - leeway
            return dict(verified)
        decoded = super()._decode_jwt_from_config(encoded_token, csrf_value, allow_expired)
        if len(self._verified) >= self.VERIFIED_MAX:
            self._verified.clear()
        self._verified[key] = dict(decoded)
        return decoded


db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate()
jwt = JWTManager()
api = Api()


class RouteLimiter(Limiter):
    """Siete's limits sit on the routes that declare them (their decorators check them); the before-request pass,
    which applies only application, default and blueprint limits, returns at once while there are none, instead of
    resolving limits for every request (issue #18). One configured later brings the full pass back."""

    def _check_request_limit(self, callable_name=None, in_middleware=True):
        manager = self.limit_manager
        if in_middleware and not (manager.application_limits or manager.default_limits or manager._blueprint_limits
                                  or manager.has_hints(request.endpoint or "")):
            return None
        return super()._check_request_limit(callable_name, in_middleware)


limiter = RouteLimiter(key_func=get_remote_address, default_limits=[])


def celery_init_app(app: Flask) -> Celery:
    """Bind Celery to the app so every task body runs inside the Flask app context."""

    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    _create_filesystem_broker_folders(app.config["CELERY"])
    celery = Celery(app.name, task_cls=FlaskTask)
    _keep_app_logging(app)
    celery.config_from_object(app.config["CELERY"])
    celery.autodiscover_tasks(
        ["siete.core", "siete.users", "siete.evaluations", "siete.dashboard", "siete.companies", "siete.delivery",
         "siete.reports", "siete.prompts"],
        related_name="tasks", force=True)
    celery.set_default()
    app.extensions["celery"] = celery
    return celery


def _create_filesystem_broker_folders(conf):
    """kombu's serverless filesystem transport expects its folders to exist before the first message."""
    if conf.get("broker_url") != "filesystem://":
        return
    from pathlib import Path

    options = conf["broker_transport_options"]
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        Path(options[key]).mkdir(parents=True, exist_ok=True)


def _keep_app_logging(app):
    """Workers log through the app's JSON handler instead of Celery's own setup."""
    from celery import signals

    from siete.core.observability import configure_logging

    @signals.setup_logging.connect(weak=False)
    def _configure(**_kwargs):
        configure_logging(app.config["LOG_LEVEL"], app.config["LOG_FORMAT"])
