"""Domain errors of the AI engine: the pipeline retries transient ones and fails the evaluation on permanent ones."""

from __future__ import annotations

from siete.core.faults import Fault

# Stable codes stored in evaluations.error_code.
AI_UNAVAILABLE = "ai_unavailable"          # 5xx, connection refused or reset
AI_TIMEOUT = "ai_timeout"                  # no answer within the client timeout
AI_RATE_LIMITED = "ai_rate_limited"        # 429 that is not a quota problem
AI_QUOTA_EXCEEDED = "ai_quota_exceeded"    # 429 insufficient_quota: billing, not load
AI_AUTH_FAILED = "ai_auth_failed"          # 401/403 or no API key configured
AI_BAD_REQUEST = "ai_bad_request"          # 400/404/413/422: the request itself is wrong
AI_INVALID_OUTPUT = "ai_invalid_output"    # the model kept answering outside the schema
AI_NOT_CONFIGURED = "ai_not_configured"    # unknown provider, missing local model or package
NO_SPEECH = "no_speech"                    # the recording holds no recognisable speech


class AIError(Fault):
    """An AI provider failure with a stable code and whether retrying later may help."""


class TransientAIError(AIError):
    """Worth retrying with backoff: rate limits, 5xx, timeouts, connection errors."""

    transient = True


class PermanentAIError(AIError):
    """Retrying will not help: quota, auth, bad request, invalid output, no speech."""
