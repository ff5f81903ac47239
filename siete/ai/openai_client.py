"""Builds OpenAI clients and turns SDK exceptions into transient/permanent domain errors, retrying the former."""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import openai

from siete.ai.errors import (
    AI_AUTH_FAILED,
    AI_BAD_REQUEST,
    AI_QUOTA_EXCEEDED,
    AI_RATE_LIMITED,
    AI_TIMEOUT,
    AI_UNAVAILABLE,
    AIError,
    PermanentAIError,
    TransientAIError,
)

T = TypeVar("T")
QUOTA_CODES = {"insufficient_quota", "billing_hard_limit_reached", "billing_not_active"}


_clients: dict[tuple, openai.OpenAI] = {}
_clients_lock = threading.Lock()


def make_client(*, api_key: str | None = None, base_url: str | None = None, timeout: float = 120.0,
                organization: str | None = None) -> openai.OpenAI:
    """A shared SDK client per settings and process: building one costs ~20 ms (SSL context) and a new connection
    pool per call; the client is thread-safe. Retries are ours (see call_with_retries), so the SDK's are off."""
    api_key = api_key or os.environ.get("OPENAI_API_KEY") or None  # the SDK's own fallbacks, made part of the key
    base_url = base_url or os.environ.get("OPENAI_BASE_URL") or None
    organization = organization or os.environ.get("OPENAI_ORG_ID") or None
    key = (os.getpid(), api_key, base_url, timeout, organization)  # pid: never reuse sockets across a fork
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            try:
                client = openai.OpenAI(api_key=api_key, base_url=base_url, organization=organization,
                                       timeout=timeout, max_retries=0)
            except openai.OpenAIError as exc:  # raised when no API key is given nor in OPENAI_API_KEY
                raise PermanentAIError(AI_AUTH_FAILED, f"OpenAI client not configured: {exc}") from exc
            _clients[key] = client
        return client


def classify(exc: openai.OpenAIError) -> AIError:
    """Map an SDK exception to a domain error with a stable code."""
    if isinstance(exc, openai.APITimeoutError):
        return TransientAIError(AI_TIMEOUT, "OpenAI did not answer in time")
    if isinstance(exc, openai.APIConnectionError):
        return TransientAIError(AI_UNAVAILABLE, f"cannot reach OpenAI: {exc}")
    if isinstance(exc, openai.RateLimitError):
        if getattr(exc, "code", None) in QUOTA_CODES:
            return PermanentAIError(AI_QUOTA_EXCEEDED, "OpenAI quota exhausted (insufficient_quota)")
        return TransientAIError(AI_RATE_LIMITED, "OpenAI rate limit reached")
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        if status in (408, 409) or status >= 500:
            return TransientAIError(AI_UNAVAILABLE, f"OpenAI answered {status}")
        if status in (401, 403):
            return PermanentAIError(AI_AUTH_FAILED, f"OpenAI rejected the credentials ({status})")
        return PermanentAIError(AI_BAD_REQUEST, f"OpenAI rejected the request ({status}): {exc.message}")
    return PermanentAIError(AI_BAD_REQUEST, f"OpenAI client error: {exc}")


def call_with_retries(call: Callable[[], T], *, max_retries: int, backoff_base: float = 1.0,
                      backoff_max: float = 20.0, sleep: Callable[[float], None] = time.sleep) -> T:
    """Run call, retrying transient failures up to max_retries times with jittered exponential backoff."""
    for attempt in range(max_retries + 1):
        try:
            return call()
        except openai.OpenAIError as exc:
            error = classify(exc)
            if not error.transient or attempt == max_retries:
                raise error from exc
            sleep(_delay(exc, attempt, backoff_base, backoff_max))
    raise AssertionError("unreachable: the loop returns or raises")


def _delay(exc: openai.OpenAIError, attempt: int, base: float, ceiling: float) -> float:
    """Seconds to wait: the server's Retry-After when given, else exponential backoff with jitter."""
    response = getattr(exc, "response", None)
    retry_after = response.headers.get("retry-after") if response is not None else None
    try:
        if retry_after is not None:
            return min(max(float(retry_after), 0.0), ceiling)
    except ValueError:
        pass
    return min(ceiling, base * 2**attempt) * random.uniform(0.5, 1.0)


def worst_case_seconds(*, timeout: float, max_retries: int, backoff_max: float = 20.0) -> float:
    """Upper bound of one call with retries, to size a task's soft time limit."""
    return (max_retries + 1) * timeout + max_retries * backoff_max
