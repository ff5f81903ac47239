"""Cloudflare Stream API client: bounded timeouts, urllib3 retries on 429/5xx, failures mapped to coded errors."""
import base64
import os
import re
import time
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ReadTimeoutError
from urllib3.util.retry import Retry

from siete.cloudflare import errors
from siete.cloudflare.errors import PermanentStreamError, TransientStreamError

DEFAULT_API_BASE = "https://api.cloudflare.com/client/v4"
TUS_VERSION = "1.0.0"
BASIC_UPLOAD_LIMIT = 200 * 1000 * 1000  # Stream's basic POST takes up to 200 MB; larger files must use tus
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
CHUNK = 1024 * 1024
UID = re.compile(r"[A-Za-z0-9]{1,64}")


class _Retry(Retry):
    """urllib3 Retry whose wait for a Retry-After header is capped, so one call stays bounded."""

    retry_after_cap = 30.0

    def get_retry_after(self, response):
        seconds = super().get_retry_after(response)
        return None if seconds is None else min(seconds, self.retry_after_cap)


class StreamClient:
    """The few Stream calls the platform makes; each returns what the API documents or raises a StreamError."""

    def __init__(self, account_id, token, api_base=DEFAULT_API_BASE, timeout=30.0, *, connect_timeout=5.0,
                 retries=3, backoff=0.5, poll_interval=2.0, poll_timeout=300.0):
        if not account_id or not token:
            raise PermanentStreamError(errors.NOT_CONFIGURED,
                                       "Cloudflare Stream needs CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_STREAM_TOKEN")
        self.account_id, self._token = account_id, token
        self.api_base = (api_base or DEFAULT_API_BASE).rstrip("/")
        self.timeout = (connect_timeout, timeout)
        self.poll_interval, self.poll_timeout = poll_interval, poll_timeout
        # POST is retried too: the only POSTs create an upload slot or a download, and a duplicate is harmless.
        retry = _Retry(total=retries, connect=retries, read=retries, status=retries, other=0,
                       backoff_factor=backoff, backoff_max=10 * max(backoff, 0.1), status_forcelist=RETRY_STATUSES,
                       allowed_methods=frozenset({"GET", "POST"}), raise_on_status=False)
        self.session = requests.Session()
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)

    def close(self):
        self.session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # calls
    def create_direct_upload(self, max_duration_seconds, meta=None):
        """A one-shot basic POST upload URL for a file up to 200 MB; returns (uid, upload_url)."""
        body = {"maxDurationSeconds": int(max_duration_seconds), "meta": dict(meta or {})}
        result = self._result(self._api("POST", "/direct_upload", "direct upload", json=body), "direct upload")
        uid, url = result.get("uid"), result.get("uploadURL")
        if not (isinstance(uid, str) and UID.fullmatch(uid) and isinstance(url, str) and url):
            raise PermanentStreamError(errors.BAD_RESPONSE, "Cloudflare Stream's direct upload answer has no uid "
                                                            "or uploadURL")
        return uid, url

    def create_tus_upload(self, upload_length, filename, max_duration_seconds):
        """A resumable tus upload URL the end user can use without our token; returns (uid, upload_url)."""
        metadata = {"name": filename or "video", "maxDurationSeconds": str(int(max_duration_seconds))}
        headers = {"Tus-Resumable": TUS_VERSION, "Upload-Length": str(int(upload_length)),
                   "Upload-Metadata": ",".join(f"{k} {base64.b64encode(v.encode()).decode()}"
                                               for k, v in metadata.items())}
        response = self._api("POST", "", "tus upload", params={"direct_user": "true"}, headers=headers, data=b"")
        uid, url = response.headers.get("stream-media-id"), response.headers.get("Location")
        if not (uid and UID.fullmatch(uid) and url):
            raise PermanentStreamError(errors.BAD_RESPONSE, "Cloudflare Stream's tus answer has no stream-media-id "
                                                            "or Location header")
        return uid, url

    def download_audio(self, uid, dest_path):
        """Render the video's audio-only M4A, wait until it is ready (bounded), stream it to dest_path; returns it."""
        if not (isinstance(uid, str) and UID.fullmatch(uid)):
            raise PermanentStreamError(errors.NOT_FOUND, f"Not a Stream video id: {uid!r}")
        state = self._audio(self._api("POST", f"/{uid}/downloads/audio", "audio download"))
        deadline = time.monotonic() + self.poll_timeout
        while state.get("status") != "ready":
            if state.get("status") == "error":
                raise PermanentStreamError(errors.DOWNLOAD_FAILED,
                                           f"Cloudflare Stream could not render the audio of video {uid}")
            if time.monotonic() >= deadline:
                raise TransientStreamError(errors.DOWNLOAD_NOT_READY, f"The audio of video {uid} was still "
                                           f"processing after {self.poll_timeout:.0f}s")
            time.sleep(self.poll_interval)
            state = self._audio(self._api("GET", f"/{uid}/downloads", "download status"))
        if not state.get("url"):
            raise PermanentStreamError(errors.BAD_RESPONSE, f"The ready audio download of {uid} has no url")
        return self._save(state["url"], Path(dest_path))

    # plumbing
    def _api(self, method, path, what, headers=None, **kwargs):
        url = f"{self.api_base}/accounts/{self.account_id}/stream{path}"
        headers = {"Authorization": f"Bearer {self._token}", **(headers or {})}
        response = self._send(method, url, what, headers=headers, **kwargs)
        _raise_for_status(response, what)
        return response

    def _send(self, method, url, what, **kwargs):
        try:
            return self.session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.RequestException as exc:
            raise _network_error(exc, what) from exc

    def _result(self, response, what):
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict) or body.get("success") is False or not isinstance(body.get("result"), dict):
            raise PermanentStreamError(errors.BAD_RESPONSE, f"Cloudflare Stream's {what} answer is not the "
                                                            "documented JSON", response.status_code)
        return body["result"]

    def _audio(self, response):
        """The audio entry of a downloads answer ({} while Stream does not list it yet)."""
        result = self._result(response, "downloads")
        audio = result.get("audio", result if "status" in result else {})
        return audio if isinstance(audio, dict) else {}

    def _save(self, url, dest):
        """Stream the file in chunks to a .part name, then rename: a reader never sees half an audio file."""
        partial = dest.with_name(dest.name + ".part")
        what = "audio file"
        try:
            with self._send("GET", url, what, stream=True) as response:
                _raise_for_status(response, what)
                expected = response.headers.get("Content-Length")
                written = 0
                with open(partial, "wb") as out:
                    for chunk in response.iter_content(CHUNK):
                        out.write(chunk)
                        written += len(chunk)
            if expected is not None and expected.isdigit() and written != int(expected):
                raise TransientStreamError(errors.DOWNLOAD_INCOMPLETE, f"Got {written} of {expected} bytes")
            os.replace(partial, dest)
        except requests.RequestException as exc:
            raise TransientStreamError(errors.DOWNLOAD_INCOMPLETE, f"The audio download broke off: {exc}") from exc
        finally:
            partial.unlink(missing_ok=True)
        return dest


def _is_timeout(exc):
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(exc, requests.Timeout) or isinstance(reason, ReadTimeoutError)


def _network_error(exc, what):
    if _is_timeout(exc):
        return TransientStreamError(errors.TIMEOUT, f"Cloudflare Stream did not answer the {what} in time")
    return TransientStreamError(errors.UNREACHABLE, f"Cloudflare Stream is unreachable ({what}): "
                                                    f"{type(exc).__name__}")


def _detail(response):
    """Cloudflare's own error messages, when the body has them."""
    try:
        body = response.json()
        items = body.get("errors") or []
        return "; ".join(f"{e.get('code')}: {e.get('message')}" for e in items if isinstance(e, dict)) or response.reason
    except (ValueError, AttributeError):
        return response.reason or ""


def _raise_for_status(response, what):
    status = response.status_code
    if status < 400:
        return
    detail = f"Cloudflare Stream answered {status} to the {what}: {_detail(response)}"
    if status in RETRY_STATUSES or status >= 500:
        code = {408: errors.TIMEOUT, 429: errors.RATE_LIMITED}.get(status, errors.SERVER_ERROR)
        raise TransientStreamError(code, detail, status)
    code = {401: errors.UNAUTHORIZED, 403: errors.UNAUTHORIZED, 404: errors.NOT_FOUND}.get(status, errors.REJECTED)
    raise PermanentStreamError(code, detail, status)


def stream_client(**overrides):
    """A client configured from the current app (CLOUDFLARE_* settings); keyword overrides win."""
    from flask import current_app

    config = current_app.config
    settings = {"api_base": config.get("CLOUDFLARE_API_BASE") or DEFAULT_API_BASE,
                "timeout": float(config.get("CLOUDFLARE_TIMEOUT", 30)),
                "retries": int(config.get("CLOUDFLARE_RETRIES", 3)),
                "backoff": float(config.get("CLOUDFLARE_RETRY_BACKOFF", 0.5)),
                "poll_interval": float(config.get("CLOUDFLARE_POLL_INTERVAL", 2)),
                "poll_timeout": float(config.get("CLOUDFLARE_POLL_TIMEOUT", 300))}
    return StreamClient(config.get("CLOUDFLARE_ACCOUNT_ID"), config.get("CLOUDFLARE_STREAM_TOKEN"),
                        **{**settings, **overrides})
