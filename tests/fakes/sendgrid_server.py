"""A SendGrid v3 API stand-in on 127.0.0.1 for tests that drive the official `sendgrid` client against it.

    with FakeSendGrid() as fake:       # random port, serves in a thread
        fake.host                        # give it as SENDGRID_API_HOST
        fake.fail_next(503)              # the next request answers 503 with SendGrid's error body
        fake.messages                    # accepted v3 mail/send bodies (dicts), in arrival order

POST /v3/mail/send: bearer key required (401 otherwise), the v3 body is checked (personalizations with `to`,
`from.email`, `subject`, `content`) → 400 with SendGrid's `{"errors": [...]}`; accepted → 202 + X-Message-Id.
Recipients whose address starts with `bounce` answer 400 as SendGrid does for an invalid address.
"""
import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

API_KEY = "SG.test-key"


class FakeSendGrid:
    def __init__(self, api_key=API_KEY):
        self.api_key = api_key
        self.messages, self.requests, self._faults, self.lock = [], [], [], threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())

    @property
    def host(self):
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def settings(self, **extra):
        return {"SENDGRID_API_KEY": self.api_key, "SENDGRID_API_HOST": self.host,
                "MAIL_FROM": "Siete CX <no-reply@siete.test>", "MAIL_TIMEOUT": 5, **extra}

    def fail_next(self, status, times=1):
        with self.lock:
            self._faults.extend([status] * times)

    def __enter__(self):
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    def to(self, address):
        with self.lock:
            return [m for m in self.messages
                    if any(t["email"] == address for p in m["personalizations"] for t in p["to"])]

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with fake.lock:
                    fake.requests.append((self.path, dict(self.headers), body))
                    fault = fake._faults.pop(0) if fake._faults else None
                if self.path != "/v3/mail/send":
                    return self._answer(404, {"errors": [{"message": "Not found", "field": None}]})
                if self.headers.get("Authorization") != f"Bearer {fake.api_key}":
                    return self._answer(401, {"errors": [{"message": "The provided authorization grant is "
                                                                     "invalid, expired, or revoked"}]})
                if fault:
                    return self._answer(fault, {"errors": [{"message": f"Injected fault {fault}"}]})
                try:
                    message = json.loads(body)
                except ValueError:
                    return self._answer(400, {"errors": [{"message": "Bad Request", "field": None}]})
                problems = _problems(message)
                if problems:
                    return self._answer(400, {"errors": problems})
                with fake.lock:
                    fake.messages.append(message)
                self._answer(202, None, {"X-Message-Id": secrets.token_urlsafe(16)})

            def _answer(self, status, payload, headers=None):
                data = b"" if payload is None else json.dumps(payload).encode()
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler


def _problems(message):
    problems = []
    personalizations = message.get("personalizations") or []
    if not personalizations or not all(p.get("to") for p in personalizations):
        problems.append({"message": "The personalizations field is required and must have at least one "
                                    "personalization.", "field": "personalizations"})
    if not (message.get("from") or {}).get("email"):
        problems.append({"message": "The from object must be provided for every email send.", "field": "from"})
    if not message.get("subject"):
        problems.append({"message": "The subject is required.", "field": "subject"})
    if not message.get("content"):
        problems.append({"message": "Unless a valid template_id is provided, the content parameter is required.",
                         "field": "content"})
    for p in personalizations:
        for to in p.get("to") or []:
            if to.get("email", "").lower().startswith("bounce"):
                problems.append({"message": "Does not contain a valid address.",
                                 "field": "personalizations.0.to.0.email"})
    return problems
