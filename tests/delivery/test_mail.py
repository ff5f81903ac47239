"""send_mail through a real SMTP server and the official SendGrid client against a fake v3 API."""
import pytest

from siete.core.mail import MailError, channel_name, send_mail
from tests.fakes.sendgrid_server import FakeSendGrid
from tests.fakes.smtp import FakeSMTP, free_port


@pytest.fixture
def smtp():
    with FakeSMTP() as server:
        yield server


@pytest.fixture
def sendgrid():
    with FakeSendGrid() as fake:
        yield fake


def test_smtp_delivers_text_html_and_headers(smtp):
    sent = send_mail("ana@cliente.test", "Evaluación completada", "Hola Ana", "<p>Hola <b>Ana</b></p>",
                     {"List-Unsubscribe": "<https://x.test/u/abc>"}, settings=smtp.settings())
    assert sent.channel == "smtp" and sent.message_id
    [message] = smtp.to("ana@cliente.test")
    assert message["Subject"] == "Evaluación completada"
    assert message["List-Unsubscribe"] == "<https://x.test/u/abc>"
    assert message["Message-ID"] == sent.message_id
    assert message.get_body(("plain",)).get_content().strip() == "Hola Ana"
    assert "<b>Ana</b>" in message.get_body(("html",)).get_content()


def test_smtp_bounce_is_permanent_with_the_reply_code(smtp):
    with pytest.raises(MailError) as caught:
        send_mail("bounce@cliente.test", "x", "y", settings=smtp.settings())
    assert (caught.value.code, caught.value.provider_code, caught.value.transient) == ("mail_rejected", "550", False)
    assert smtp.messages == []


def test_smtp_deferral_is_transient(smtp):
    with pytest.raises(MailError) as caught:
        send_mail("defer@cliente.test", "x", "y", settings=smtp.settings())
    assert (caught.value.provider_code, caught.value.transient) == ("451", True)


def test_unreachable_smtp_server_is_transient():
    settings = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": free_port(), "SMTP_TLS": "none", "MAIL_TIMEOUT": 2}
    with pytest.raises(MailError) as caught:
        send_mail("a@b.test", "x", "y", settings=settings)
    assert caught.value.code == "mail_unreachable" and caught.value.transient


def test_sendgrid_client_sends_the_v3_body(sendgrid):
    sent = send_mail(["ana@cliente.test", "luis@cliente.test"], "Resumen semanal", "texto", "<p>html</p>",
                     {"List-Unsubscribe": "<https://x.test/u/abc>"}, settings=sendgrid.settings())
    assert sent.channel == "sendgrid" and sent.message_id
    [body] = sendgrid.messages
    assert body["subject"] == "Resumen semanal"
    assert body["from"]["email"] == "no-reply@siete.test"
    assert {t["email"] for p in body["personalizations"] for t in p["to"]} == {"ana@cliente.test",
                                                                              "luis@cliente.test"}
    assert [c["type"] for c in body["content"]] == ["text/plain", "text/html"]
    assert body["headers"]["List-Unsubscribe"] == "<https://x.test/u/abc>"


def test_sendgrid_rejection_keeps_the_http_status(sendgrid):
    with pytest.raises(MailError) as caught:
        send_mail("bounce@cliente.test", "x", "y", settings=sendgrid.settings())
    assert (caught.value.provider_code, caught.value.transient) == ("400", False)
    assert "valid address" in caught.value.message


def test_sendgrid_outage_is_transient_and_a_retry_succeeds(sendgrid):
    sendgrid.fail_next(503)
    with pytest.raises(MailError) as caught:
        send_mail("ana@cliente.test", "x", "y", settings=sendgrid.settings())
    assert (caught.value.provider_code, caught.value.transient) == ("503", True)
    assert send_mail("ana@cliente.test", "x", "y", settings=sendgrid.settings()).channel == "sendgrid"


def test_sendgrid_wrong_key_is_permanent(sendgrid):
    with pytest.raises(MailError) as caught:
        send_mail("ana@cliente.test", "x", "y", settings=sendgrid.settings(SENDGRID_API_KEY="SG.wrong"))
    assert (caught.value.provider_code, caught.value.transient) == ("401", False)


def test_without_a_provider_mail_lands_in_the_outbox(tmp_path):
    sent = send_mail("ana@cliente.test", "Hola", "texto", settings={"MAIL_OUTBOX_DIR": str(tmp_path)})
    assert sent.channel == "outbox"
    [eml] = tmp_path.glob("*.eml")
    assert b"Subject: Hola" in eml.read_bytes()


def test_sendgrid_wins_over_smtp_when_both_are_set():
    assert channel_name({"SENDGRID_API_KEY": "k", "SMTP_HOST": "h"}) == "sendgrid"
    assert channel_name({"SMTP_HOST": "h"}) == "smtp"
    assert channel_name({}) == "outbox"
