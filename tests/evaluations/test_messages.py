"""The failure texts follow each request's Accept-Language (read once per request) and are Spanish elsewhere."""
from siete.evaluations.messages import message_for, request_language


def test_each_request_gets_its_own_language(app):
    with app.test_request_context(headers={"Accept-Language": "en-US,en;q=0.9"}):
        assert request_language() == "en" and request_language() == "en"
        assert message_for("no_speech").startswith(message_for("no_speech", "en")[:10])
    with app.test_request_context(headers={"Accept-Language": "es-CL"}):
        assert request_language() == "es"
    with app.test_request_context():
        assert request_language() == "es"
    with app.app_context():
        assert request_language() == "es"
