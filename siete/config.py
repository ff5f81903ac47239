"""Configuration read from the environment (12-factor), with an embedded default that needs no servers."""
import os
from datetime import timedelta

from celery.schedules import crontab
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SECRET = "dev-only-insecure-secret-never-use-in-production"


def _env(name, default=None):
    value = os.environ.get(name)
    return default if value in (None, "") else value


def _bool(name, default):
    return str(_env(name, str(default))).lower() in ("1", "true", "yes", "on")


def _int(name, default):
    return int(_env(name, default))


class Config:
    """Settings for every process (API, worker, beat); values come from the environment."""

    def __init__(self):
        self.ENV = _env("SIETE_ENV", "development")
        self.VAR_DIR = Path(_env("SIETE_VAR_DIR", PROJECT_ROOT / "var"))
        self.SECRET_KEY = _env("SECRET_KEY", _env("JWT_SECRET_KEY", DEFAULT_SECRET))
        self.SQLALCHEMY_DATABASE_URI = _env("DATABASE_URL", f"sqlite:///{self.VAR_DIR / 'siete.sqlite'}")
        # One pooled connection per server thread (gunicorn --threads 16, ai worker -c 16): a smaller pool makes
        # threads wait and overflow connections churn (bench/RESULTS.md, API load).
        # No pre-ping round trip per checkout: a connection idle for DB_PING_AFTER_IDLE seconds is pinged instead,
        # and safe-method requests read in autocommit (siete/core/connections.py, issue #18).
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": False, "pool_size": _int("DB_POOL_SIZE", 16),
                                          "max_overflow": _int("DB_MAX_OVERFLOW", 8)}
        self.DB_PING_AFTER_IDLE = float(_env("DB_PING_AFTER_IDLE", 10))
        self.REDIS_URL = _env("REDIS_URL")

        self.JWT_SECRET_KEY = _env("JWT_SECRET_KEY", DEFAULT_SECRET)
        self.JWT_ACCESS_TOKEN_EXPIRES = timedelta(minutes=_int("JWT_EXPIRE", 60))
        self.JWT_REFRESH_TOKEN_EXPIRES = timedelta(days=_int("JWT_REFRESH_EXPIRE_DAYS", 14))
        self.JWT_ALGORITHM = "HS256"
        self.JWT_DECODE_ALGORITHMS = ["HS256"]
        self.JWT_QUERY_STRING_NAME = "access_token"  # read only by the SSE stream (EventSource sends no headers)
        self.REGISTRATION_ENABLED = _bool("REGISTRATION_ENABLED", True)
        self.EMAIL_CONFIRM_HOURS = _int("EMAIL_CONFIRM_HOURS", 48)  # a self-registered shopper's confirmation link
        self.ARGON2_TIME_COST = _int("ARGON2_TIME_COST", 3)
        self.ARGON2_MEMORY_COST = _int("ARGON2_MEMORY_COST", 65536)

        self.RATELIMIT_HEADERS_ENABLED = True
        self.RATELIMIT_LOGIN_PER_CLIENT = _env("RATELIMIT_LOGIN_PER_CLIENT", "20/minute")
        self.RATELIMIT_LOGIN_PER_EMAIL = _env("RATELIMIT_LOGIN_PER_EMAIL", "5/minute")
        self.TRUSTED_PROXY_HOPS = _int("TRUSTED_PROXY_HOPS", 0)

        self.API_TITLE = "Siete CX API"
        self.API_VERSION = "v1"
        self.OPENAPI_VERSION = "3.0.3"
        self.OPENAPI_URL_PREFIX = "/api/v1"
        self.OPENAPI_JSON_PATH = "openapi.json"
        self.API_SPEC_OPTIONS = {
            "info": {"description": "Customer-experience intelligence from mystery-shopping videos."},
        }
        self.MAX_PAGE_SIZE = 100

        self.STORAGE_BACKEND = _env("STORAGE_BACKEND", "local")  # local | s3 (AWS S3 or Cloudflare R2)
        self.S3_BUCKET = _env("S3_BUCKET", _env("R2_BUCKET"))
        self.S3_ENDPOINT_URL = _env("S3_ENDPOINT_URL", _env("R2_ENDPOINT_URL"))
        self.S3_ACCESS_KEY_ID = _env("S3_ACCESS_KEY_ID", _env("R2_ACCESS_KEY_ID", _env("AWS_ACCESS_KEY_ID")))
        self.S3_SECRET_ACCESS_KEY = _env("S3_SECRET_ACCESS_KEY",
                                         _env("R2_SECRET_ACCESS_KEY", _env("AWS_SECRET_ACCESS_KEY")))
        self.S3_REGION = _env("S3_REGION", "auto")
        self.MEDIA_URL_EXPIRES = _int("MEDIA_URL_EXPIRES", 900)

        self.CLOUDFLARE_ACCOUNT_ID = _env("CLOUDFLARE_ACCOUNT_ID")
        self.CLOUDFLARE_STREAM_TOKEN = _env("CLOUDFLARE_STREAM_TOKEN", _env("CLOUDFLARE_STREAM_KEY"))
        self.CLOUDFLARE_WEBHOOK_SECRET = _env("CLOUDFLARE_WEBHOOK_SECRET")
        self.CLOUDFLARE_API_BASE = _env("CLOUDFLARE_API_BASE", "https://api.cloudflare.com/client/v4")
        self.CLOUDFLARE_WEBHOOK_TOLERANCE = _int("CLOUDFLARE_WEBHOOK_TOLERANCE", 300)
        self.CLOUDFLARE_TIMEOUT = float(_env("CLOUDFLARE_TIMEOUT", 30))
        self.CLOUDFLARE_RETRIES = _int("CLOUDFLARE_RETRIES", 3)
        self.CLOUDFLARE_RETRY_BACKOFF = float(_env("CLOUDFLARE_RETRY_BACKOFF", 0.5))
        self.CLOUDFLARE_POLL_INTERVAL = float(_env("CLOUDFLARE_POLL_INTERVAL", 2))
        self.CLOUDFLARE_POLL_TIMEOUT = float(_env("CLOUDFLARE_POLL_TIMEOUT", 300))

        self.LOG_LEVEL = _env("LOG_LEVEL", "INFO")
        self.LOG_FORMAT = _env("LOG_FORMAT", "json")  # json | text
        self.METRICS_TOKEN = _env("METRICS_TOKEN")  # /metrics answers 401 unless this bearer token is sent
        self.PROMETHEUS_MULTIPROC_DIR = _env("PROMETHEUS_MULTIPROC_DIR")  # shared by API and workers
        self.NOTIFICATIONS_STREAM_HEARTBEAT = _int("NOTIFICATIONS_STREAM_HEARTBEAT", 15)  # seconds
        self.NOTIFICATIONS_STREAM_MAX_AGE = _int("NOTIFICATIONS_STREAM_MAX_AGE", 300)  # then the client reconnects
        self.NOTIFICATIONS_STREAM_RETRY_MS = _int("NOTIFICATIONS_STREAM_RETRY_MS", 3000)
        self.NOTIFICATIONS_STREAM_REPLAY_LIMIT = _int("NOTIFICATIONS_STREAM_REPLAY_LIMIT", 500)
        self.SUBSCRIPTION_GRACE_DAYS = _int("SUBSCRIPTION_GRACE_DAYS", 7)

        # Outbound mail (siete/core/mail.py): SendGrid when its key is set, else SMTP, else .eml files
        self.MAIL_FROM = _env("MAIL_FROM", "Siete CX <no-reply@siete.local>")
        self.SMTP_HOST = _env("SMTP_HOST")
        self.SMTP_PORT = _int("SMTP_PORT", 587)
        self.SMTP_USER = _env("SMTP_USER")
        self.SMTP_PASSWORD = _env("SMTP_PASSWORD")
        self.SMTP_TLS = _env("SMTP_TLS", "starttls")  # starttls | ssl | none
        self.SENDGRID_API_KEY = _env("SENDGRID_API_KEY")
        self.SENDGRID_API_HOST = _env("SENDGRID_API_HOST", "https://api.sendgrid.com")
        self.MAIL_TIMEOUT = float(_env("MAIL_TIMEOUT", 20))
        self.MAIL_OUTBOX_DIR = Path(_env("MAIL_OUTBOX_DIR", self.VAR_DIR / "outbox"))
        self.TWILIO_ACCOUNT_SID = _env("TWILIO_ACCOUNT_SID")
        self.TWILIO_AUTH_TOKEN = _env("TWILIO_AUTH_TOKEN")
        self.TWILIO_FROM = _env("TWILIO_FROM")  # an E.164 number or a Messaging Service SID (MG...)
        self.TWILIO_API_BASE = _env("TWILIO_API_BASE")  # another Twilio API host (tests); default: Twilio's
        self.SMS_TIMEOUT = float(_env("SMS_TIMEOUT", 20))
        self.PUBLIC_URL = _env("PUBLIC_URL", "http://localhost:5000")  # links in e-mails (unsubscribe, reports)
        self.DELIVERY_MAX_ATTEMPTS = _int("DELIVERY_MAX_ATTEMPTS", 6)
        self.DELIVERY_RETRY_BACKOFF_BASE = float(_env("DELIVERY_RETRY_BACKOFF_BASE", 30))
        self.DELIVERY_RETRY_BACKOFF_MAX = float(_env("DELIVERY_RETRY_BACKOFF_MAX", 1800))
        # A send still marked in progress after this long lost its worker: the sweep hands it to another task.
        self.DELIVERY_SEND_LEASE = _int("DELIVERY_SEND_LEASE", 300)
        self.REPORT_LINK_EXPIRES = _int("REPORT_LINK_EXPIRES", 900)  # seconds a download link works
        self.REPORT_EMAIL_LINK_EXPIRES = _int("REPORT_EMAIL_LINK_EXPIRES", 7 * 86400)  # in a scheduled report's mail
        self.REPORTS_SCHEDULE_INTERVAL = float(_env("REPORTS_SCHEDULE_INTERVAL", 3600))  # how often beat looks

        self.TRANSCRIBER = _env("TRANSCRIBER", "local")  # local | openai
        self.ANALYZER = _env("ANALYZER", "heuristic")  # heuristic | openai
        # Who spoke: acoustic (speaker labels by voice, then roles by content) | content (roles only) | none
        self.DIARIZATION = _env("DIARIZATION", "acoustic")
        self.OPENAI_API_KEY = _env("OPENAI_API_KEY")
        self.OPENAI_BASE_URL = _env("OPENAI_BASE_URL")
        self.OPENAI_TIMEOUT = float(_env("OPENAI_TIMEOUT", 120))  # per request; x retries fits the task soft limit
        self.OPENAI_MAX_RETRIES = _int("OPENAI_MAX_RETRIES", 2)
        # The AI engine's own settings (siete/ai/settings.py maps each onto a provider argument); unset means the
        # engine's default, so each default is written once, in the engine.
        for name in ("OPENAI_TRANSCRIBE_MODEL", "OPENAI_ANALYSIS_MODEL", "OPENAI_UPLOAD_LIMIT_BYTES",
                     "OPENAI_INVALID_OUTPUT_RETRIES", "TRANSCRIBE_LANGUAGE", "LOCAL_WHISPER_THREADS",
                     "LOCAL_WHISPER_BEAM_SIZE", "LOCAL_WHISPER_VOCABULARY"):
            setattr(self, name, _env(name))
        self.PIPELINE_MAX_RETRIES = _int("PIPELINE_MAX_RETRIES", 5)  # task-level retries of transient faults
        self.PIPELINE_MAX_ATTEMPTS = _int("PIPELINE_MAX_ATTEMPTS", 3)  # whole-chain restarts by the reaper
        # A stage whose worker was restarted (new pid, same node) is restarted by the reaper after this many quiet
        # seconds instead of after the visibility timeout.
        self.PIPELINE_DEAD_WORKER_GRACE = _int("PIPELINE_DEAD_WORKER_GRACE", 30)
        self.PIPELINE_RETRY_BACKOFF_BASE = float(_env("PIPELINE_RETRY_BACKOFF_BASE", 5))
        self.PIPELINE_RETRY_BACKOFF_MAX = _int("PIPELINE_RETRY_BACKOFF_MAX", 300)
        # Every step's time limit times this: below 1 in tests, above 1 for very long recordings.
        self.PIPELINE_TIME_SCALE = float(_env("PIPELINE_TIME_SCALE", 1))
        # A stage whose process the OS killed this many times (OOM, a crash) fails as worker_killed instead of looping.
        self.PIPELINE_MAX_STAGE_KILLS = _int("PIPELINE_MAX_STAGE_KILLS", 2)
        self.PIPELINE_REAP_INTERVAL = float(_env("PIPELINE_REAP_INTERVAL", 20))  # seconds between reaper runs (beat)
        # Longest recording accepted (probed at submission; Cloudflare Stream's maxDurationSeconds too).
        self.MAX_VIDEO_SECONDS = _int("MAX_VIDEO_SECONDS", _int("CLOUDFLARE_MAX_DURATION_SECONDS", 3 * 3600))
        # Less recognised speech than both of these is too little to judge a service interaction.
        self.MIN_SPEECH_SECONDS = float(_env("MIN_SPEECH_SECONDS", 5))
        self.MIN_SPEECH_WORDS = _int("MIN_SPEECH_WORDS", 12)
        # A new prompt version whose agreement with the company's reviewers drops by more than this is refused.
        self.GOLDEN_MAX_DROP = float(_env("GOLDEN_MAX_DROP", 0.05))
        self.LOCAL_WHISPER_MODEL = _env("LOCAL_WHISPER_MODEL")
        self.MEDIA_WORK_DIR = _env("MEDIA_WORK_DIR")
        self.MEDIA_ROOT = Path(_env("MEDIA_ROOT", self.VAR_DIR / "media"))
        self.MAX_UPLOAD_MB = _int("MAX_UPLOAD_MB", 2048)
        # Every body is capped small; only an authenticated upload route raises its own cap (see core/api.py).
        self.MAX_REQUEST_KB = _int("MAX_REQUEST_KB", 1024)

        self.derive()

    def derive(self):
        """Settings computed from others, in one place: a subclass that overrides a base value calls it again."""
        self.RATELIMIT_STORAGE_URI = _env("RATELIMIT_STORAGE_URI", self.REDIS_URL or "memory://")
        self.CELERY = self._celery()

    def _celery(self):
        """Celery settings: Redis when REDIS_URL is set, else a filesystem broker that needs no server."""
        broker = _env("CELERY_BROKER_URL", self.REDIS_URL)
        result = _env("CELERY_RESULT_BACKEND", self.REDIS_URL)
        # The pipeline declares its steps once (siete/evaluations/pipeline.py STEPS); their routes and time limits
        # are derived from that table. Imported here, when a Config is built, not when this module is imported:
        # settings stay importable on their own and the feature module never imports the settings module.
        from siete.evaluations.pipeline import celery_settings

        steps = celery_settings(self.PIPELINE_TIME_SCALE, self.TRANSCRIBER)
        visibility = 2 * steps["longest_hard_limit"] + 5  # redelivery never races a live task
        conf = {
            "task_serializer": "json",
            "result_serializer": "json",
            "accept_content": ["json"],
            "task_ignore_result": True,
            "result_expires": 3600,
            "broker_connection_retry_on_startup": True,
            # A worker that finished a step keeps trying to publish the next one through a broker restart
            # (Celery's default gives up after ~0.6 s and the chain would wait for the reaper).
            "task_publish_retry_policy": {"max_retries": 30, "interval_start": 0.5, "interval_step": 1,
                                          "interval_max": 5},
            # A task is acknowledged only once it finished; a killed child puts it back on the queue.
            "task_acks_late": True,
            "task_reject_on_worker_lost": True,
            "worker_prefetch_multiplier": 1,
            "worker_cancel_long_running_tasks_on_connection_loss": True,
            "worker_send_task_events": True,
            "task_send_sent_event": True,
            "task_track_started": True,
            "task_default_queue": "default",
            "task_create_missing_queues": True,
            "task_routes": steps["task_routes"],
            "task_annotations": steps["task_annotations"],
        }
        conf["task_routes"] = {**conf["task_routes"], "siete.reports.build": {"queue": "reports"}}
        conf["beat_schedule"] = {
            "refresh-rollups": {"task": "siete.dashboard.refresh_rollups", "schedule": 300.0},
            "rebuild-rollups-nightly": {"task": "siete.dashboard.rebuild_rollups",
                                        "schedule": crontab(hour=3, minute=15)},
            "check-subscriptions": {"task": "siete.companies.check_subscriptions",
                                    "schedule": crontab(hour=6, minute=0)},
            "reap-stuck-evaluations": {"task": "siete.evaluations.reap_stuck_evaluations",
                                       "schedule": self.PIPELINE_REAP_INTERVAL},
            "sweep-deliveries": {"task": "siete.delivery.sweep", "schedule": 300.0},
            "enqueue-scheduled-reports": {"task": "siete.reports.enqueue_scheduled",
                                          "schedule": self.REPORTS_SCHEDULE_INTERVAL},
        }
        conf["beat_schedule_filename"] = str(self.VAR_DIR / "celerybeat-schedule")
        if broker:
            conf["broker_url"] = broker
            if broker.startswith(("redis://", "rediss://")):
                # One beat only: RedBeat keeps the schedule in Redis behind a lock a second beat waits on.
                conf["beat_scheduler"] = "redbeat.RedBeatScheduler"
                conf["redbeat_redis_url"] = broker
                conf["redbeat_lock_timeout"] = 60
                conf["beat_max_loop_interval"] = 10
                transport = {
                    "visibility_timeout": visibility,
                    "unacked_restore_interval": 2,
                    "unacked_restore_throttle": 1,
                    "socket_timeout": 30,
                    "socket_connect_timeout": 5,
                }
                conf["broker_transport_options"] = transport
                conf["result_backend_transport_options"] = {"visibility_timeout": visibility}
        else:
            queue_dir = self.VAR_DIR / "broker"
            conf["broker_url"] = "filesystem://"
            conf["broker_transport_options"] = {
                "data_folder_in": str(queue_dir),
                "data_folder_out": str(queue_dir),
                "processed_folder": str(self.VAR_DIR / "broker-processed"),
                "control_folder": str(self.VAR_DIR / "broker-control"),
                "store_processed": False,
            }
        conf["result_backend"] = result or f"db+sqlite:///{self.VAR_DIR / 'celery-results.sqlite'}"
        return conf

    @property
    def MAX_CONTENT_LENGTH(self):  # noqa: N802 - Flask's setting: the cap for every request body
        return self.MAX_REQUEST_KB * 1024

    @property
    def MAX_UPLOAD_BYTES(self):  # noqa: N802 - the video plus its form fields
        return (self.MAX_UPLOAD_MB + 1) * 1024 * 1024

    @property
    def is_production(self):
        return self.ENV == "production"

    def validate(self):
        """Refuse to run production with a default secret or without real services."""
        if not self.is_production:
            return
        problems = []
        for name in ("JWT_SECRET_KEY", "SECRET_KEY"):
            value = getattr(self, name)
            if value == DEFAULT_SECRET or len(value) < 32:
                problems.append(f"{name} must be set to a random value of at least 32 characters")
        if self.SQLALCHEMY_DATABASE_URI.startswith("sqlite"):
            problems.append("DATABASE_URL must point to PostgreSQL")
        if not self.REDIS_URL:
            problems.append("REDIS_URL must be set (token blocklist, rate limits, broker)")
        if problems:
            raise RuntimeError("Refusing to start in production: " + "; ".join(problems))


class TestConfig(Config):
    """Tests run against real PostgreSQL and Redis (TEST_DATABASE_URL / TEST_REDIS_URL)."""

    __test__ = False  # not a pytest test class

    def __init__(self):
        super().__init__()
        self.TESTING = True
        self.SQLALCHEMY_DATABASE_URI = _env("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/siete_test")
        self.REDIS_URL = _env("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
        self.ARGON2_TIME_COST = 1
        self.ARGON2_MEMORY_COST = 1024
        self.MEDIA_ROOT = Path(_env("TEST_MEDIA_ROOT", "/tmp/siete-test-media"))
        self.MAX_UPLOAD_MB = 5
        self.JWT_SECRET_KEY = "test-secret-key-that-is-long-enough-0123456789"
        self.SECRET_KEY = self.JWT_SECRET_KEY
        self.derive()
