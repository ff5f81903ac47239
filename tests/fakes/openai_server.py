"""An OpenAI-compatible HTTP server on 127.0.0.1 with fault injection, for tests that use the real SDK.

    with FakeOpenAI() as fake:                      # random port, serves in a thread
        client = openai.OpenAI(base_url=fake.base_url, api_key=fake.api_key)
        fake.queue("chat", "rate_limit", Fault("timeout", delay=3))   # next two chat calls misbehave
        fake.latency["transcriptions"] = 0.2                          # every transcription waits 0.2 s
        fake.requests                                                 # what the SDK really sent
        fake.criteria["ofrece_seguro"] = "le ofrezco el seguro"      # the model cites this for that criterion

Endpoints: POST /v1/audio/transcriptions (multipart; json, text, verbose_json with segments, diarized_json with
speaker-labelled segments for gpt-4o-transcribe-diarize, which refuses a prompt and needs chunking_strategy past
30 s) and
POST /v1/chat/completions (json_schema response_format checked against strict-mode rules).
Transcriptions are a protocol stand-in: the audio is probed with ffmpeg; silence gives empty text, a
duration that matches a registered script (e.g. a fixture's dialogue) gives that script, anything else
gives generic numbered segments spanning the audio.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Self

import imageio_ffmpeg

API_LIMIT_BYTES = 26_214_400
SILENCE_DB = -50.0
GENERIC_SEGMENT_SECONDS = 4.0
SEGMENT_MODELS = {"whisper-1"}
DIARIZE_MODELS = {"gpt-4o-transcribe-diarize"}
DIARIZE_UNCHUNKED_LIMIT_S = 30.0

ERRORS = {
    "rate_limit": (429, {"message": "Rate limit reached for requests", "type": "requests",
                         "code": "rate_limit_exceeded"}),
    "insufficient_quota": (429, {"message": "You exceeded your current quota, please check your plan.",
                                 "type": "insufficient_quota", "code": "insufficient_quota"}),
    "server_error": (500, {"message": "The server had an error while processing your request.",
                           "type": "server_error", "code": None}),
    "unavailable": (503, {"message": "The engine is currently overloaded.", "type": "server_error", "code": None}),
    "unauthorized": (401, {"message": "Incorrect API key provided.", "type": "invalid_request_error",
                           "code": "invalid_api_key"}),
    "bad_request": (400, {"message": "Invalid request.", "type": "invalid_request_error", "code": None}),
}
CONTENT_FAULTS = {"invalid_json", "schema_violation", "content", "empty", "refusal"}
KINDS = set(ERRORS) | CONTENT_FAULTS | {"timeout", "disconnect"}


@dataclass
class Fault:
    """One misbehaviour for the next request of an endpoint: an error status, a delay or a bad answer."""

    kind: str
    delay: float = 0.0
    content: str | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault {self.kind!r}; one of {sorted(KINDS)}")


@dataclass
class RecordedRequest:
    """What the client sent, as the server saw it."""

    endpoint: str
    fields: dict[str, Any]
    file_name: str | None = None
    file_size: int = 0
    fault: str | None = None
    status: int = 200


@dataclass
class Script:
    """Canned segments returned for audio of a given duration."""

    duration: float
    segments: list[dict]
    tolerance: float = 0.35


@dataclass
class FakeOpenAI:
    """The server; see the module docstring for use."""

    api_key: str = "sk-test-fake"
    scripts: list[Script] = field(default_factory=list)
    max_upload_bytes: int = API_LIMIT_BYTES
    chat_responder: Callable[[dict], str] | None = None
    latency: dict[str, float] = field(default_factory=dict)
    requests: list[RecordedRequest] = field(default_factory=list)
    criteria: dict[str, str | None] = field(default_factory=dict)  # criterion key -> the quote the model cites

    def __post_init__(self):
        self._faults: dict[str, list[Fault]] = {"transcriptions": [], "chat": []}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None

    # lifecycle
    def start(self) -> Self:
        """Listen on a random loopback port and serve in a daemon thread."""
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-openai",
                         daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop serving and wake any request sleeping in a latency or timeout fault."""
        self._stopping.set()
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """What OPENAI_BASE_URL should be set to."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    # fault injection and inspection
    def queue(self, endpoint: str, *faults: Fault | str) -> None:
        """Make the next requests to endpoint ('transcriptions' or 'chat') fail in order."""
        with self._lock:
            self._faults[endpoint].extend(f if isinstance(f, Fault) else Fault(f) for f in faults)

    def pending_faults(self, endpoint: str) -> int:
        """Faults queued and not yet used."""
        with self._lock:
            return len(self._faults[endpoint])

    def calls(self, endpoint: str) -> list[RecordedRequest]:
        """Requests received for endpoint, in order."""
        with self._lock:
            return [r for r in self.requests if r.endpoint == endpoint]

    def reset(self) -> None:
        """Forget requests, faults and latency."""
        with self._lock:
            self.requests.clear()
            self.latency.clear()
            self.criteria.clear()
            for faults in self._faults.values():
                faults.clear()

    def add_script(self, duration: float, segments: list[dict]) -> None:
        """Return these segments ({start, end, text}) for audio of this duration."""
        self.scripts.append(Script(duration, segments))

    # used by the handler
    def _next_fault(self, endpoint: str) -> Fault | None:
        with self._lock:
            return self._faults[endpoint].pop(0) if self._faults[endpoint] else None

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def _wait(self, seconds: float) -> None:
        self._stopping.wait(seconds)


def fixture_scripts(expectations_path: str | Path) -> list[Script]:
    """Scripts for the committed media fixtures, from their expectations.json."""
    data = json.loads(Path(expectations_path).read_text())
    scripts = []
    for spec in data.values():
        if spec.get("script"):
            speakers: dict[str, str] = {}
            scripts.append(Script(spec["duration"], [
                {"start": line["inicio"], "end": line["fin"], "text": line["texto"],
                 "speaker": speakers.setdefault(line.get("rol", ""), "ABCDEFGH"[len(speakers)])}
                for line in spec["script"]]))
    return scripts


class _Handler(BaseHTTPRequestHandler):
    """Routes the two endpoints and applies queued faults."""

    fake: FakeOpenAI
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # keep test output clean
        pass

    def do_POST(self):
        endpoint = {"/v1/audio/transcriptions": "transcriptions", "/v1/chat/completions": "chat"}.get(
            self.path.split("?")[0])
        body = self._body()
        if endpoint is None:
            return self._error(404, {"message": f"Unknown path {self.path}", "type": "invalid_request_error",
                                     "code": None})
        if self.headers.get("Authorization") != f"Bearer {self.fake.api_key}":
            return self._error(401, ERRORS["unauthorized"][1])
        fault = self.fake._next_fault(endpoint)
        self.fake._wait(self.fake.latency.get(endpoint, 0.0))
        if fault and fault.kind == "timeout":
            self.fake._wait(fault.delay or 30.0)
        if fault and fault.kind == "disconnect":
            self.close_connection = True
            return self.connection.shutdown(2)
        handle = self._transcription if endpoint == "transcriptions" else self._chat
        try:
            handle(body, fault)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout): nothing to answer
            self.close_connection = True

    # transcriptions
    def _transcription(self, body: bytes, fault: Fault | None):
        fields, files = _multipart(self.headers.get("Content-Type", ""), body)
        name, data = files.get("file", (None, b""))
        record = RecordedRequest("transcriptions", fields, name, len(data), fault.kind if fault else None)
        self.fake._record(record)
        if fault and fault.kind in ERRORS:
            record.status = ERRORS[fault.kind][0]
            return self._error(*ERRORS[fault.kind])
        problem = _transcription_problem(fields, name, len(data), self.fake.max_upload_bytes)
        if problem:
            record.status = problem[0]
            return self._error(*problem)
        fmt = fields.get("response_format", "json")
        if fault and fault.kind in ("content", "empty"):
            segments = [{"start": 0.0, "end": 1.0, "text": fault.content}] if fault.content else []
            duration = 1.0
        else:
            duration, segments = self._recognise(name, data)
        if fields["model"] in DIARIZE_MODELS and duration > DIARIZE_UNCHUNKED_LIMIT_S \
                and not fields.get("chunking_strategy"):
            record.status = 400
            return self._error(400, {"message": "chunking_strategy is required for diarization models when the "
                                                "input is longer than 30 seconds", "type": "invalid_request_error",
                                     "code": "invalid_value", "param": "chunking_strategy"})
        text = " ".join(s["text"] for s in segments)
        if fmt == "text":
            return self._send(200, text.encode(), "text/plain; charset=utf-8")
        if fmt == "diarized_json":
            return self._json(200, {"task": "transcribe", "duration": duration, "text": text,
                                    "segments": [_diarized_segment(i, s) for i, s in enumerate(segments)],
                                    "usage": {"type": "duration", "seconds": round(duration)}})
        if fmt == "verbose_json":
            return self._json(200, {"task": "transcribe", "language": "spanish", "duration": duration,
                                    "text": text, "segments": [_segment(i, s) for i, s in enumerate(segments)]})
        return self._json(200, {"text": text, "usage": {"type": "duration", "seconds": round(duration)}})

    def _recognise(self, name: str, data: bytes) -> tuple[float, list[dict]]:
        duration, loudest_db = _audio_facts(name, data)
        if loudest_db is None or loudest_db < SILENCE_DB:
            return duration, []
        for script in self.fake.scripts:
            if abs(script.duration - duration) <= script.tolerance:
                return duration, script.segments
        count = max(1, round(duration / GENERIC_SEGMENT_SECONDS))
        step = duration / count
        return duration, [{"start": round(i * step, 2), "end": round((i + 1) * step, 2),
                           "text": f"Texto de prueba número {i + 1}."} for i in range(count)]

    # chat completions
    def _chat(self, body: bytes, fault: Fault | None):
        try:
            request = json.loads(body or b"{}")
        except ValueError:
            return self._error(400, {"message": "We could not parse the JSON body of your request.",
                                     "type": "invalid_request_error", "code": None})
        record = RecordedRequest("chat", request, fault=fault.kind if fault else None)
        self.fake._record(record)
        if fault and fault.kind in ERRORS:
            record.status = ERRORS[fault.kind][0]
            return self._error(*ERRORS[fault.kind])
        problem = _chat_problem(request)
        if problem:
            record.status = 400
            return self._error(400, {"message": problem, "type": "invalid_request_error", "code": None})
        schema = (request.get("response_format") or {}).get("json_schema", {}).get("schema")
        if fault and fault.kind == "invalid_json":
            content = '{"executive_view": "## Resumen", "operative_view": {"IOC": '
        elif fault and fault.kind == "schema_violation":
            answer = example_instance(schema) if schema else {}
            answer.setdefault("operative_view", {})["IOC"] = {"score": 150, "justificacion": "fuera de rango"}
            content = json.dumps(answer, ensure_ascii=False)
        elif fault and fault.kind in ("content", "empty"):
            content = fault.content or ""
        elif fault and fault.kind == "refusal":
            content = None
        elif self.fake.chat_responder:
            content = self.fake.chat_responder(request)
        elif schema:
            answer = example_instance(schema)
            criteria = schema.get("properties", {}).get("operative_view", {}).get("properties", {}).get("criterios")
            if criteria:
                answer["operative_view"]["criterios"] = criteria_answer(request, criteria, self.fake.criteria)
            content = json.dumps(answer, ensure_ascii=False)
        else:
            content = "Respuesta simulada."
        prompt_tokens = sum(len(str(m.get("content", "")).split()) for m in request.get("messages", []))
        completion_tokens = max(1, len(content or "") // 4)
        refusal = "I'm sorry, I can't assist with that request." if content is None else None
        self._json(200, {
            "id": f"chatcmpl-fake-{len(self.fake.requests)}", "object": "chat.completion",
            "created": int(time.time()), "model": request.get("model"), "system_fingerprint": "fp_fake",
            "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                         "message": {"role": "assistant", "content": content, "refusal": refusal}}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                      "total_tokens": prompt_tokens + completion_tokens},
        })

    # plumbing
    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            parts = []
            while (size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)) > 0:
                parts.append(self.rfile.read(size))
                self.rfile.readline()
            self.rfile.readline()
            return b"".join(parts)
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _error(self, status: int, error: dict):
        headers = {"retry-after": "0"} if status == 429 and error.get("code") != "insufficient_quota" else {}
        self._json(status, {"error": {"param": None, **error}}, headers)

    def _json(self, status: int, payload: dict, headers: dict | None = None):
        self._send(status, json.dumps(payload, ensure_ascii=False).encode(), "application/json", headers)

    def _send(self, status: int, data: bytes, content_type: str, headers: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-request-id", f"req_fake_{len(self.fake.requests)}")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)


def _diarized_segment(index: int, segment: dict) -> dict:
    """A diarized_json segment as the API shapes it (speakers A, B... in order of appearance)."""
    return {"type": "transcript.text.segment", "id": f"seg_{index:03d}", "start": segment["start"],
            "end": segment["end"], "text": segment["text"], "speaker": segment.get("speaker") or "AB"[index % 2]}


def _segment(index: int, segment: dict) -> dict:
    """A verbose_json segment as the API shapes it."""
    return {"id": index, "seek": 0, "start": segment["start"], "end": segment["end"], "text": segment["text"],
            "tokens": [], "temperature": 0.0, "avg_logprob": -0.2, "compression_ratio": 1.3,
            "no_speech_prob": 0.01}


def _transcription_problem(fields: dict, name: str | None, size: int, limit: int) -> tuple[int, dict] | None:
    """The API's refusals: no file, no model, too large, or verbose_json on a model without segments."""
    invalid = "invalid_request_error"
    if not name:
        return 400, {"message": "Missing required parameter: 'file'.", "type": invalid, "code": None}
    if not fields.get("model"):
        return 400, {"message": "Missing required parameter: 'model'.", "type": invalid, "code": None}
    if size > limit:
        return 413, {"message": f"Maximum content size limit ({limit}) exceeded ({size} bytes read)",
                     "type": "server_error", "code": None}
    if fields["model"] in DIARIZE_MODELS and fields.get("prompt"):
        return 400, {"message": "prompt is not supported with diarization models", "type": invalid,
                     "code": "unsupported_parameter"}
    if fields.get("response_format") == "diarized_json" and fields["model"] not in DIARIZE_MODELS:
        return 400, {"message": f"response_format 'diarized_json' is only supported by diarization models, not "
                                f"'{fields['model']}'.", "type": invalid, "code": "unsupported_value"}
    if fields.get("response_format") == "verbose_json" and fields["model"] not in SEGMENT_MODELS:
        return 400, {"message": f"response_format 'verbose_json' is not compatible with model "
                                f"'{fields['model']}'. Use 'json' or 'text' instead.",
                     "type": invalid, "code": "unsupported_value"}
    return None


def _chat_problem(request: dict) -> str | None:
    """Why OpenAI would reject this chat request, if it would."""
    if not request.get("model"):
        return "you must provide a model parameter"
    if not request.get("messages"):
        return "Missing required parameter: 'messages'."
    response_format = request.get("response_format")
    if response_format and response_format.get("type") == "json_schema":
        spec = response_format.get("json_schema") or {}
        if not spec.get("name") or "schema" not in spec:
            return "Missing required parameter: 'response_format.json_schema.name' or schema."
        if spec.get("strict"):
            return strict_schema_problem(spec["schema"])
    return None


def strict_schema_problem(schema: dict, path: str = "") -> str | None:
    """OpenAI's strict-mode rules: objects list every property as required and forbid additional ones."""
    if schema.get("type") == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        if schema.get("additionalProperties") is not False:
            return f"Invalid schema for response_format: 'additionalProperties' is required to be false ({path})"
        if set(schema.get("required", [])) != set(properties):
            return f"Invalid schema for response_format: 'required' must list every property ({path})"
        for key, sub in properties.items():
            if problem := strict_schema_problem(sub, f"{path}.{key}"):
                return problem
    if "items" in schema:
        return strict_schema_problem(schema["items"], f"{path}[]")
    return None


def example_instance(schema: dict) -> Any:
    """A valid instance of a JSON schema: the fake's default structured answer."""
    kind = schema.get("type")
    kind = next(k for k in kind if k != "null") if isinstance(kind, list) else kind
    if "enum" in schema:
        return schema["enum"][0]
    if kind == "object":
        return {key: example_instance(sub) for key, sub in schema.get("properties", {}).items()}
    if kind == "array":
        return []
    if kind in ("integer", "number"):
        low, high = schema.get("minimum", 0), schema.get("maximum", schema.get("minimum", 0) + 10)
        return (low + high) // 2 if kind == "integer" else (low + high) / 2
    if kind == "boolean":
        return False
    return "Respuesta simulada."


_LINE = re.compile(r"^L(\d+) \[(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)\] [^:]*: (.*)$", re.MULTILINE)


def criteria_answer(request: dict, schema: dict, quotes: dict[str, str | None]) -> dict:
    """Every criterion the schema asks for, answered as a model would: met when its scripted quote is cited,
    with the number and times of the transcript line that says it (a quote said nowhere is cited anyway, with no
    line, as an invented one would be); unscripted criteria are not met."""
    user = " ".join(str(m.get("content", "")) for m in request.get("messages", []) if m.get("role") == "user")
    lines = _LINE.findall(user)
    answers = {}
    for key in schema["required"]:
        quote = quotes.get(key)
        if not quote:
            answers[key] = {"cumple": False, "evidencias": []}
            continue
        line = next((ln for ln in lines if quote.casefold() in ln[3].casefold()), None)
        start, end = (float(line[1]), float(line[2])) if line else (0.0, 0.0)
        answers[key] = {"cumple": True, "evidencias": [{"cita": quote, "inicio": start, "fin": end,
                                                         "linea": int(line[0]) if line else None,
                                                         "hablante": None, "rol": None}]}
    return answers


def _multipart(content_type: str, body: bytes) -> tuple[dict[str, str], dict[str, tuple[str, bytes]]]:
    """Split a multipart/form-data body into text fields and files."""
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    fields: dict[str, str] = {}
    files: dict[str, tuple[str, bytes]] = {}
    if not match:
        return fields, files
    for part in body.split(b"--" + match.group(1).encode())[1:]:
        if part.startswith(b"--"):
            break
        head, _, data = part.partition(b"\r\n\r\n")
        data = data[:-2] if data.endswith(b"\r\n") else data
        disposition = head.decode("utf-8", "replace")
        name = re.search(r'name="([^"]*)"', disposition)
        filename = re.search(r'filename="([^"]*)"', disposition)
        if not name:
            continue
        if filename:
            files[name.group(1)] = (filename.group(1), data)
        else:
            fields[name.group(1)] = data.decode("utf-8", "replace")
    return fields, files


def _audio_facts(name: str, data: bytes) -> tuple[float, float | None]:
    """Duration and loudest level (dB, None when there is no audio) of an uploaded file, via ffmpeg."""
    with tempfile.TemporaryDirectory(prefix="fake-openai-") as tmp:
        path = Path(tmp) / Path(name).name
        path.write_bytes(data)
        log = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path),
                              "-af", "volumedetect", "-f", "null", "-"],
                             capture_output=True, timeout=120, check=False).stderr.decode("utf-8", "replace")
    times = re.findall(r"time=(\d+):(\d\d):(\d\d(?:\.\d+)?)", log)
    duration = (int(times[-1][0]) * 3600 + int(times[-1][1]) * 60 + float(times[-1][2])) if times else 0.0
    loudest = re.search(r"max_volume: (-?[\d.]+|-inf) dB", log)
    if not loudest:
        return duration, None
    return duration, float(loudest.group(1)) if loudest.group(1) != "-inf" else -200.0
