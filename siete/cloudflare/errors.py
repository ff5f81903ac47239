"""Stream API failures with a stable code and a `transient` flag, so the pipeline knows to retry or to fail."""

from siete.core.faults import Fault

UNREACHABLE = "stream_unreachable"  # connection refused, DNS, reset
TIMEOUT = "stream_timeout"
RATE_LIMITED = "stream_rate_limited"  # 429 after the client's own retries
SERVER_ERROR = "stream_server_error"  # 5xx after the client's own retries
DOWNLOAD_NOT_READY = "stream_download_not_ready"  # the audio rendition was still processing when polling stopped
DOWNLOAD_INCOMPLETE = "stream_download_incomplete"  # the connection dropped mid-file
UNAUTHORIZED = "stream_unauthorized"  # 401/403: wrong token or account
NOT_FOUND = "stream_not_found"  # 404: no such video (deleted, or never uploaded)
REJECTED = "stream_rejected"  # any other 4xx
BAD_RESPONSE = "stream_bad_response"  # 2xx without the fields the API documents
DOWNLOAD_FAILED = "stream_download_failed"  # Stream could not render the audio download
NOT_CONFIGURED = "stream_not_configured"  # CLOUDFLARE_ACCOUNT_ID / CLOUDFLARE_STREAM_TOKEN missing


class StreamError(Fault):
    """A Stream call that did not give what was asked; `status` is the HTTP status when there was one."""

    def __init__(self, code: str, message: str, status: int | None = None):
        super().__init__(code, message)
        self.status = status


class TransientStreamError(StreamError):
    """Worth retrying later: network, timeout, 429, 5xx, a rendition still processing."""

    transient = True


class PermanentStreamError(StreamError):
    """Retrying will not help: bad credentials, unknown video, rejected request, failed rendition."""
