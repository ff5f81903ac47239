"""A Twilio REST API stand-in on 127.0.0.1 for tests that drive the official `twilio` client against it.

    with FakeTwilio() as fake:           # random port; give fake.base as TWILIO_API_BASE
        fake.fail_next(503)                # the next request answers 503 with Twilio's error body
        fake.messages                      # accepted messages: {"To", "From", "Body", "sid"}

POST /2010-04-01/Accounts/<sid>/Messages.json (form-encoded, HTTP basic auth with the account SID and token):
201 with a Message resource; a `To` that is not E.164 or starts with +1500555 answers Twilio's 400 / code 21211.
"""
import base64
import json
import re
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "twilio-test-token"
E164 = re.compile(r"^\+[1-9]\d{7,14}$")


class FakeTwilio:
    def __init__(self):
        self.messages, self.requests, self._faults, self.lock = [], [], [], threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())

    @property
    def base(self):
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def settings(self, **extra):
        return {"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN, "TWILIO_FROM": "+18095550100",
                "TWILIO_API_BASE": self.base, "SMS_TIMEOUT": 5, **extra}

    def fail_next(self, status, times=1):
        with self.lock:
            self._faults.extend([status] * times)

    def to(self, number):
        with self.lock:
            return [m for m in self.messages if m["To"] == number]

    def __enter__(self):
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                form = {k: v[0] for k, v in parse_qs(body).items()}
                with fake.lock:
                    fake.requests.append((self.path, form))
                    fault = fake._faults.pop(0) if fake._faults else None
                expected = "Basic " + base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
                if self.path != f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json":
                    return self._error(404, 20404, "The requested resource was not found")
                if self.headers.get("Authorization") != expected:
                    return self._error(401, 20003, "Authenticate")
                if fault:
                    return self._error(fault, 20500 if fault >= 500 else 20429, "Injected fault")
                to = form.get("To", "")
                if not E164.match(to) or to.startswith("+1500555"):
                    return self._error(400, 21211, f"The 'To' number {to} is not a valid phone number.")
                if not form.get("Body"):
                    return self._error(400, 21602, "Message body is required.")
                sid = "SM" + secrets.token_hex(16)
                message = {"sid": sid, "account_sid": ACCOUNT_SID, "to": to, "from": form.get("From"),
                           "messaging_service_sid": form.get("MessagingServiceSid"), "body": form["Body"],
                           "status": "queued", "num_segments": "1", "direction": "outbound-api",
                           "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{sid}.json"}
                with fake.lock:
                    fake.messages.append({"To": to, "From": form.get("From"), "Body": form["Body"], "sid": sid})
                self._answer(201, message)

            def _error(self, status, code, message):
                self._answer(status, {"code": code, "message": message, "status": status,
                                      "more_info": f"https://www.twilio.com/docs/errors/{code}"})

            def _answer(self, status, payload):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler
