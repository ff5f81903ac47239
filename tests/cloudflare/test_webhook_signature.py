"""Webhook-Signature checking: HMAC-SHA256 of "time.body", constant-time compare, a freshness window."""
import pytest

from siete.cloudflare.webhook import SignatureError, verify_signature
from tests.fakes.cloudflare_server import signature_header

BODY = b'{"uid":"6b9e68b07dfee8cc2d116e4c51d6a957","readyToStream":true}'
SECRET = "85011ed3a913c6ad5f9cf6c5573cc0a7"
NOW = 1_800_000_000


def test_a_fresh_signature_of_the_body_is_accepted():
    assert verify_signature(signature_header(BODY, SECRET, NOW), BODY, SECRET, 300, now=NOW + 5) == NOW


def test_upper_case_hex_is_the_same_signature():
    time_part, sig = signature_header(BODY, SECRET, NOW).split(",")
    assert verify_signature(f"{time_part},{sig.upper().replace('SIG1', 'sig1')}", BODY, SECRET, now=NOW) == NOW


@pytest.mark.parametrize("body,secret", [(BODY + b" ", SECRET), (BODY.replace(b"true", b"false"), SECRET),
                                         (BODY, "another-secret")],
                         ids=["body with one more byte", "body changed", "other secret"])
def test_a_signature_of_anything_else_is_refused(body, secret):
    with pytest.raises(SignatureError, match="does not match"):
        verify_signature(signature_header(BODY, SECRET, NOW), body, secret, now=NOW)


@pytest.mark.parametrize("offset,accepted", [(300, True), (-300, True), (301, False), (-301, False), (86400, False)],
                         ids=["at the limit", "at the future limit", "stale", "future", "a day old"])
def test_only_timestamps_within_the_tolerance_are_accepted(offset, accepted):
    header = signature_header(BODY, SECRET, NOW)
    if accepted:
        assert verify_signature(header, BODY, SECRET, 300, now=NOW + offset) == NOW
    else:
        with pytest.raises(SignatureError, match="window"):
            verify_signature(header, BODY, SECRET, 300, now=NOW + offset)


def test_the_tolerance_is_a_parameter():
    header = signature_header(BODY, SECRET, NOW)
    with pytest.raises(SignatureError):
        verify_signature(header, BODY, SECRET, 10, now=NOW + 11)


GOOD = signature_header(BODY, SECRET, NOW)
SIG = GOOD.split("sig1=")[1]


@pytest.mark.parametrize("header", [
    None, "", "garbage", f"sig1={SIG}", f"time={NOW}", f"time=abc,sig1={SIG}", f"time={NOW},sig1=zz",
    f"time={NOW},sig1={SIG[:-2]}", f"time={NOW},time={NOW},sig1={SIG}", f"time=-{NOW},sig1={SIG}",
    f"time={NOW};sig1={SIG}", f"time=١٢٣,sig1={SIG}", f"time={NOW},sig1={SIG}é",
])
def test_missing_or_malformed_headers_are_refused(header):
    with pytest.raises(SignatureError):
        verify_signature(header, BODY, SECRET, now=NOW)


def test_without_a_secret_nothing_is_trusted():
    with pytest.raises(SignatureError, match="secret"):
        verify_signature(GOOD, BODY, None, now=NOW)
