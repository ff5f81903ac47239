"""A Cloudflare Stream API stand-in on 127.0.0.1 with fault injection, for tests that use the real StreamClient.

    with FakeCloudflare() as fake:                     # random port, serves in a thread
        client = StreamClient(fake.account_id, fake.token, fake.api_base, backoff=0.01, poll_interval=0.01)
        fake.add_video("abc123", ready_after=2)          # its audio download is ready at the second poll
        fake.queue("list_downloads", "rate_limit", Fault("timeout", delay=2))   # next two polls misbehave
        fake.requests                                    # what the client really sent

API endpoints, under /client/v4/accounts/<account>/stream (bearer token required, Cloudflare's JSON envelope):
POST /direct_upload (basic upload slot), POST ?direct_user=true (tus creation: Location + stream-media-id
headers), POST /<uid>/downloads/audio, GET /<uid>/downloads. URLs it hands out (no token, like Cloudflare's):
POST /upload/<uid> (multipart `file`), GET /media/<uid>/audio.m4a — the AAC track of the uploaded video
(stream copy with ffmpeg), else of tests/fixtures/media/good_service.mp4.
Fault endpoints: direct_upload, tus, create_download, list_downloads, media, upload.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

import imageio_ffmpeg

from tests.fakes.media import fixture_path
from tests.fakes.openai_server import _multipart

ENDPOINTS = ("direct_upload", "tus", "create_download", "list_downloads", "media", "upload")
ERRORS = {
    "rate_limit": (429, 971, "Please wait and consider throttling your request speed"),
    "server_error": (500, 10002, "An unknown error has occurred"),
    "unavailable": (503, 10002, "Service temporarily unavailable"),
    "unauthorized": (403, 10000, "Authentication error"),
    "not_found": (404, 10003, "Not Found"),
    "bad_request": (400, 10005, "Bad request"),
}
KINDS = set(ERRORS) | {"timeout", "disconnect", "truncate", "render_error"}
MAX_DURATION_SECONDS = 21600


@dataclass
class Fault:
    """One misbehaviour for the next request of an endpoint: an error status, a delay, a cut, a failed render."""

    kind: str
    delay: float = 0.0

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault {self.kind!r}; one of {sorted(KINDS)}")


@dataclass
class RecordedRequest:
    """What the client sent, as the server saw it."""

    endpoint: str
    method: str
    path: str
    headers: dict[str, str]
    body: Any = None
    fault: str | None = None
    status: int = 200


@dataclass
class Video:
    """One Stream video: how it was created, what was uploaded, and its audio download's progress."""

    uid: str
    ready_after: int = 1  # polls of GET /downloads before the audio download is ready (0: ready at creation)
    meta: dict = field(default_factory=dict)
    max_duration_seconds: int | None = None
    tus_length: int | None = None
    video: bytes | None = None
    download_created: bool = False
    render_failed: bool = False
    polls: int = 0


@dataclass
class FakeCloudflare:
    """The server; see the module docstring for use."""

    account_id: str = "0123456789abcdef0123456789abcdef"
    token: str = "cf-test-token"
    videos: dict[str, Video] = field(default_factory=dict)
    requests: list[RecordedRequest] = field(default_factory=list)

    def __post_init__(self):
        self._faults: dict[str, list[Fault]] = {name: [] for name in ENDPOINTS}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None

    # lifecycle
    def start(self) -> Self:
        """Listen on a random loopback port and serve in a daemon thread."""
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                         name="fake-cloudflare", daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop serving and wake any request sleeping in a timeout fault."""
        self._stopping.set()
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def api_base(self) -> str:
        """What CLOUDFLARE_API_BASE should be set to."""
        return f"{self.origin}/client/v4"

    # setup, fault injection and inspection
    def add_video(self, uid: str | None = None, *, ready_after: int = 1, video: bytes | None = None) -> Video:
        """A video already on the account (as if uploaded and encoded)."""
        with self._lock:
            entry = Video(uid or _new_uid(), ready_after=ready_after, video=video)
            self.videos[entry.uid] = entry
            return entry

    def queue(self, endpoint: str, *faults: Fault | str) -> None:
        """Make the next requests to `endpoint` misbehave, in order."""
        with self._lock:
            self._faults[endpoint].extend(f if isinstance(f, Fault) else Fault(f) for f in faults)

    def pending_faults(self, endpoint: str) -> int:
        with self._lock:
            return len(self._faults[endpoint])

    def calls(self, endpoint: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.endpoint == endpoint]

    # used by the handler
    def _next_fault(self, endpoint: str) -> Fault | None:
        with self._lock:
            return self._faults[endpoint].pop(0) if self._faults[endpoint] else None

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def _wait(self, seconds: float) -> None:
        self._stopping.wait(seconds)


def _new_uid() -> str:
    return secrets.token_hex(16)


@lru_cache(maxsize=8)
def _audio_of_file(path: str) -> bytes:
    return _extract_audio(Path(path).read_bytes())


def _extract_audio(video: bytes) -> bytes:
    """The video's audio track as M4A (stream copy), or the bytes unchanged when ffmpeg finds no audio."""
    with tempfile.TemporaryDirectory(prefix="fake-cloudflare-") as tmp:
        source, target = Path(tmp) / "video.mp4", Path(tmp) / "audio.m4a"
        source.write_bytes(video)
        done = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-i", str(source),
                               "-vn", "-c:a", "copy", "-f", "ipod", str(target)],
                              capture_output=True, timeout=120, check=False)
        return target.read_bytes() if done.returncode == 0 and target.exists() else video


def fixture_audio() -> bytes:
    """What the fake serves as a video's M4A when nothing was uploaded: good_service.mp4's AAC track."""
    return _audio_of_file(str(fixture_path("good_service")))


def notification(uid: str, *, state: str = "ready", ready: bool | None = None, error_code: str = "",
                 error_text: str = "") -> dict:
    """The body Cloudflare posts to the webhook URL when a video is ready or failed."""
    return {
        "uid": uid, "creator": None, "thumbnail": f"https://customer-fake.cloudflarestream.com/{uid}/thumbnails/"
                                                  "thumbnail.jpg",
        "thumbnailTimestampPct": 0, "readyToStream": state == "ready" if ready is None else ready,
        "status": {"state": state, "pctComplete": "100.000000" if state == "ready" else "0.000000",
                   "errorReasonCode": error_code, "errorReasonText": error_text},
        "meta": {"name": "visita.mp4"}, "created": "2026-11-27T00:00:00.000000Z",
        "modified": "2026-11-27T00:01:00.000000Z", "size": 214509, "preview": "", "allowedOrigins": [],
        "requireSignedURLs": False, "uploaded": "2026-11-27T00:00:30.000000Z", "uploadExpiry": None,
        "maxSizeBytes": None, "maxDurationSeconds": 10800, "duration": 49.9,
        "input": {"width": 160, "height": 90}, "playback": {}, "watermark": None,
    }


def signature_header(body: bytes, secret: str, at: int | None = None) -> str:
    """`Webhook-Signature` as Cloudflare computes it: HMAC-SHA256 of "<time>.<body>" with the secret, in hex."""
    timestamp = str(int(time.time()) if at is None else at)
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"time={timestamp},sig1={digest}"


API_PATH = re.compile(r"^/client/v4/accounts/(?P<account>[^/]+)/stream(?P<rest>(/[^?]*)?)$")


class _Handler(BaseHTTPRequestHandler):
    """Routes the endpoints and applies queued faults."""

    fake: FakeCloudflare
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # keep test output clean
        pass

    def do_POST(self):
        self._dispatch("POST")

    def do_GET(self):
        self._dispatch("GET")

    def _dispatch(self, method: str):
        url = urlsplit(self.path)
        body = self._body()
        route = self._route(method, url.path, parse_qs(url.query))
        if route is None:
            return self._cf_error(404, 7000, f"No route for that URI: {method} {url.path}")
        endpoint, uid, needs_token = route
        record = RecordedRequest(endpoint, method, self.path, dict(self.headers.items()), _decoded(body))
        self.fake._record(record)
        if needs_token and self.headers.get("Authorization") != f"Bearer {self.fake.token}":
            record.status = 403
            return self._cf_error(403, 10000, "Authentication error")
        fault = self.fake._next_fault(endpoint)
        record.fault = fault.kind if fault else None
        if fault and fault.kind == "timeout":
            self.fake._wait(fault.delay or 30.0)
        if fault and fault.kind == "disconnect":
            self.close_connection = True
            return self.connection.shutdown(2)
        if fault and fault.kind in ERRORS:
            record.status = ERRORS[fault.kind][0]
            return self._cf_error(*ERRORS[fault.kind])
        try:
            record.status = getattr(self, f"_{endpoint}")(uid, body, fault)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout): nothing to answer
            self.close_connection = True

    def _route(self, method: str, path: str, query: dict) -> tuple[str, str | None, bool] | None:
        if match := re.fullmatch(r"/upload/([0-9a-f]+)", path):
            return ("upload", match.group(1), False) if method == "POST" else None
        if match := re.fullmatch(r"/media/([0-9a-f]+)/audio\.m4a", path):
            return ("media", match.group(1), False) if method == "GET" else None
        match = API_PATH.match(path)
        if not match or match.group("account") != self.fake.account_id:
            return None
        rest = match.group("rest") or ""
        if method == "POST" and rest == "/direct_upload":
            return "direct_upload", None, True
        if method == "POST" and rest == "" and query.get("direct_user") == ["true"]:
            return "tus", None, True
        if found := re.fullmatch(r"/([0-9a-f]+)/downloads(/audio)?", rest):
            if method == "POST" and found.group(2):
                return "create_download", found.group(1), True
            if method == "GET" and not found.group(2):
                return "list_downloads", found.group(1), True
        return None

    # endpoints: each answers and returns the status it sent
    def _direct_upload(self, _uid, body: bytes, _fault) -> int:
        try:
            request = json.loads(body or b"{}")
        except ValueError:
            return self._cf_error(400, 10005, "Invalid JSON body")
        duration = request.get("maxDurationSeconds")
        if not isinstance(duration, int) or not 1 <= duration <= MAX_DURATION_SECONDS:
            return self._cf_error(400, 10005, "maxDurationSeconds must be an integer from 1 to 21600")
        video = self.fake.add_video(ready_after=1)
        video.meta, video.max_duration_seconds = request.get("meta") or {}, duration
        return self._cf_result({"uploadURL": f"{self.fake.origin}/upload/{video.uid}", "uid": video.uid,
                                "watermark": None, "scheduledDeletion": None})

    def _tus(self, _uid, _body, _fault) -> int:
        if self.headers.get("Tus-Resumable") != "1.0.0":
            return self._cf_error(400, 10005, "Tus-Resumable 1.0.0 required")
        length = self.headers.get("Upload-Length", "")
        metadata = _tus_metadata(self.headers.get("Upload-Metadata", ""))
        duration = metadata.get("maxDurationSeconds", "")
        if not length.isdigit() or not duration.isdigit() or not 1 <= int(duration) <= MAX_DURATION_SECONDS:
            return self._cf_error(400, 10005, "Upload-Length and a maxDurationSeconds metadata value are required")
        video = self.fake.add_video(ready_after=1)
        video.tus_length, video.max_duration_seconds = int(length), int(duration)
        video.meta = {"name": metadata.get("name", "")}
        return self._send(201, b"", "text/plain", {"Tus-Resumable": "1.0.0", "stream-media-id": video.uid,
                                                   "Location": f"{self.fake.origin}/tus/{video.uid}?tusv2=true"})

    def _create_download(self, uid: str, _body, fault) -> int:
        video = self.fake.videos.get(uid)
        if video is None:
            return self._cf_error(404, 10003, "Not Found")
        video.download_created = True
        video.render_failed = video.render_failed or (fault is not None and fault.kind == "render_error")
        return self._cf_result({"audio": self._audio_state(video)})

    def _list_downloads(self, uid: str, _body, fault) -> int:
        video = self.fake.videos.get(uid)
        if video is None:
            return self._cf_error(404, 10003, "Not Found")
        video.polls += 1
        video.render_failed = video.render_failed or (fault is not None and fault.kind == "render_error")
        return self._cf_result({"audio": self._audio_state(video)} if video.download_created else {})

    def _media(self, uid: str, _body, fault) -> int:
        video = self.fake.videos.get(uid)
        if video is None or not video.download_created or self._audio_state(video)["status"] != "ready":
            return self._send(404, b"Not Found", "text/plain")
        data = _extract_audio(video.video) if video.video else fixture_audio()
        if fault and fault.kind == "truncate":
            self.send_response(200)
            self.send_header("Content-Type", "audio/mp4")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return 200
        return self._send(200, data, "audio/mp4")

    def _upload(self, uid: str, body: bytes, _fault) -> int:
        video = self.fake.videos.get(uid)
        if video is None or video.video is not None:
            return self._cf_error(400, 10005, "This upload URL was already used or never existed")
        _fields, files = _multipart(self.headers.get("Content-Type", ""), body)
        if "file" not in files:
            return self._cf_error(400, 10005, "A multipart field named file is required")
        video.video = files["file"][1]
        return self._send(200, b"", "text/plain")

    def _audio_state(self, video: Video) -> dict:
        if video.render_failed:
            status, pct = "error", 0
        elif video.polls >= video.ready_after:
            status, pct = "ready", 100
        else:
            status, pct = "inprogress", round(100 * video.polls / max(video.ready_after, 1))
        return {"status": status, "percentComplete": pct, "url": f"{self.fake.origin}/media/{video.uid}/audio.m4a"}

    # plumbing
    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _cf_result(self, result: dict) -> int:
        return self._json(200, {"result": result, "success": True, "errors": [], "messages": []})

    def _cf_error(self, status: int, code: int, message: str) -> int:
        headers = {"Retry-After": "0"} if status == 429 else {}
        return self._json(status, {"result": None, "success": False, "errors": [{"code": code, "message": message}],
                                   "messages": []}, headers)

    def _json(self, status: int, payload: dict, headers: dict | None = None) -> int:
        return self._send(status, json.dumps(payload).encode(), "application/json", headers)

    def _send(self, status: int, data: bytes, content_type: str, headers: dict | None = None) -> int:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)
        return status


def _decoded(body: bytes) -> Any:
    try:
        return json.loads(body) if body else None
    except ValueError:
        return {"bytes": len(body)}


def _tus_metadata(header: str) -> dict[str, str]:
    """tus Upload-Metadata: comma-separated `key base64value` pairs."""
    values = {}
    for pair in filter(None, (p.strip() for p in header.split(","))):
        key, _, encoded = pair.partition(" ")
        try:
            values[key] = base64.b64decode(encoded, validate=True).decode()
        except ValueError:
            values[key] = ""
    return values
