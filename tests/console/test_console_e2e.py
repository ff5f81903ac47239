"""End-to-end: the built console in Debian's Chromium (Playwright) against the API, a real worker and PostgreSQL."""
import csv
import io
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.timeout(900)

NAVIGATION = {
    "superadmin": ["/", "/evaluations", "/reviews", "/disputes", "/campaigns", "/surveys", "/zones", "/users",
                   "/companies", "/reports", "/calibration", "/payments", "/settings", "/notifications"],
    "admin": ["/", "/evaluations", "/disputes", "/campaigns", "/surveys", "/zones", "/users", "/company", "/reports",
              "/calibration", "/payments", "/settings", "/notifications"],
    "manager": ["/", "/evaluations", "/disputes", "/campaigns", "/surveys", "/zones", "/users", "/reports",
                "/notifications"],
    "shopper": ["/", "/evaluations", "/submit", "/campaigns", "/notifications"],
}


@pytest.fixture(scope="module")
def submitted(console_stack):
    """The shopper's phone submission of the good-service fixture, followed in the browser until it settles."""
    return console_stack.scenario("submit")


def test_each_role_sees_only_its_navigation_and_a_shopper_is_sent_back_from_admin_pages(console_stack):
    result = console_stack.scenario("navigation")
    assert result["navs"] == NAVIGATION
    assert result["shopperOnAdminUrl"] == "/"
    assert result["afterLogout"] == "/login"
    assert result["problems"] == []


def test_a_shopper_submits_from_a_phone_with_upload_progress_and_sees_it_completed(console_stack, submitted):
    row = console_stack.api("GET", f"/evaluations/{submitted['id']}").json()
    assert submitted["status"] == row["status"] == "completed"
    assert row["media_filename"] == "good_service.mp4"
    assert submitted["progress"] and max(submitted["progress"]) == 100
    assert submitted["overflow"] <= 0, "the page scrolls sideways at 390 px"
    assert submitted["serious"] == []
    assert submitted["problems"] == []


def test_clicking_evidence_seeks_the_video_to_the_quote(console_stack, submitted):
    analysis = console_stack.api("GET", f"/evaluation-analysis/{submitted['id']}").json()
    evidence = analysis["operative_view"]["evidencias"]
    starts = {q["inicio"] for quotes in [*evidence["calidad_basica"].values(), *evidence["verbatims"].values()]
              for q in quotes}
    result = console_stack.scenario("evidence", EVALUATION_ID=submitted["id"])
    assert result["start"] in starts
    assert abs(result["currentTime"] - result["start"]) < 0.75
    assert result["active"] == 1, "the transcript marks the segment being played"
    assert result["pdf"] == "%PDF-"
    assert result["pdfFilename"].startswith("informe-evaluacion-"), "the PDF is the server's report, not the fallback"
    assert result["serious"] == {"login": [], "dashboard": [], "evaluation": []}
    assert result["problems"] == []


def test_an_admin_creates_a_campaign_with_a_survey_that_the_shopper_then_answers(console_stack):
    name = f"Campaña e2e {uuid.uuid4().hex[:6]}"
    result = console_stack.scenario("campaign", CAMPAIGN_NAME=name)
    campaign = console_stack.api("GET", f"/campaigns/{result['campaignId']}").json()
    survey = console_stack.api("GET", f"/surveys/{result['surveyId']}").json()
    assert campaign["name"] == name and campaign["goal"] == 12 and campaign["survey_id"] == survey["id"]
    assert [z["zone_name"] for z in campaign["zones"]] == ["Santo Domingo Centro"]
    users = console_stack.api("GET", f"/campaigns/{campaign['id']}/users").json()
    assert [u["email"] for u in users] == ["shopper@siete.demo"]
    assert [q["type"] for q in survey["questions"]] == ["yes_no", "nps", "multiple_choice"]
    assert survey["questions"][2]["options"] == ["Plan", "Equipo", "Internet"]
    assert result["questions"] == 3
    assert result["problems"] == []


def test_a_notification_and_the_status_chip_change_live_without_reload(console_stack):
    result = console_stack.scenario("live")
    mine = console_stack.api("GET", "/notifications", "shopper@siete.demo").json()
    newest = next(n for n in mine if n["evaluation_id"] == result["evaluationId"])
    assert newest["event"] == "evaluation.failed"
    assert result["arrived"] == newest["id"]
    assert result["unread"] is not None and int(result["unread"]) >= 1
    assert result["chipAfter"] == "failed"
    assert result["problems"] == []


def test_the_csv_export_of_evaluations_has_the_rows_the_api_lists(console_stack, submitted):
    result = console_stack.scenario("csv")
    rows = list(csv.DictReader(io.StringIO(result["csv"])))
    listed = console_stack.all("/evaluations", sort="-created_at")
    assert result["filename"] == "evaluaciones.csv"
    assert [int(r["id"]) for r in rows] == [e["id"] for e in listed]
    assert [r["status"] for r in rows] == [e["status"] for e in listed]
    assert [r["campaign_id"] for r in rows] == [str(e["campaign_id"]) for e in listed]


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_an_admin_requests_a_report_sees_it_ready_downloads_it_and_schedules_one(console_stack):
    result = console_stack.scenario("reports")
    report = console_stack.api("GET", f"/reports/{result['reportId']}").json()
    assert report["kind"] == "evaluations_xlsx" and report["status"] == "completed"
    assert result["url"] == f"/api/v1/reports/{report['id']}/download" and result["status"] == 200
    assert result["contentType"] == report["content_type"] == XLSX
    assert "attachment" in result["disposition"] and report["filename"] in result["disposition"]
    assert result["head"] == result["downloaded"] == "PK"  # an OOXML workbook is a zip
    assert result["filename"] == report["filename"]
    schedules = console_stack.all("/reports/schedules")
    assert result["scheduleId"] not in [s["id"] for s in schedules], "stopping the schedule removed it"
    assert result["serious"] == []
    assert result["problems"] == []


def test_the_csv_export_of_zones_has_the_rows_the_api_lists(console_stack):
    result = console_stack.scenario("listCsv", LIST="zones")
    rows = list(csv.DictReader(io.StringIO(result["csv"])))
    listed = console_stack.all("/zones")
    assert result["filename"] == "zonas.csv"
    assert list(rows[0]) == ["id", "name", "city", "state", "country"]
    assert [(int(r["id"]), r["name"], r["city"]) for r in rows] == [(z["id"], z["name"], z["city"] or "") for z in listed]
    assert result["problems"] == []


def test_a_newcomer_registers_with_the_invitation_code_and_switches_to_english(console_stack):
    email = f"nueva-{uuid.uuid4().hex[:6]}@example.com"
    result = console_stack.scenario("register", EMAIL=email)
    assert result["fieldError"]  # the API's message for the short password, shown beside the field
    assert "correo" in result["sent"]  # no session yet: the account opens with the mailed link
    link = _confirmation_link(console_stack, email)
    confirmed = console_stack.scenario("confirm", EMAIL=email, LINK=link)
    assert "confirmado" in confirmed["confirmed"]
    assert confirmed["nav"] == NAVIGATION["shopper"]
    assert confirmed["english"] == "Dashboard"
    users = console_stack.all("/users", q=email)
    assert [(u["email"], u["role"]) for u in users] == [(email, 3)]
    assert result["problems"] == [] and confirmed["problems"] == []


def _confirmation_link(stack, email, timeout=120):
    """The link of the confirmation mail the stack's worker wrote to its outbox (the embedded mail channel), on
    the stack's own origin."""
    import re
    from email import message_from_bytes, policy
    from urllib.parse import urlsplit

    outbox = Path(stack.env["SIETE_VAR_DIR"]) / "outbox"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(outbox.glob("*.eml")) if outbox.is_dir() else []:
            message = message_from_bytes(path.read_bytes(), policy=policy.default)
            if email in str(message["To"]):
                found = re.search(r"https?://\S*/api/v1/auth/confirm-email\?token=\S+",
                                  message.get_body(("plain",)).get_content())
                assert found, "the confirmation mail has no link"
                parts = urlsplit(found.group(0))
                return f"{stack.url}{parts.path}?{parts.query}"
        time.sleep(0.5)
    raise AssertionError(f"no confirmation mail for {email} in {outbox}")


def test_review_before_publication_override_publish_dispute_and_accept(console_stack):
    """Last in the module: it turns on the company's review policy (restored afterwards)."""
    me = console_stack.api("GET", "/auth/me").json()
    manager = console_stack.all("/users", q="manager@siete.demo")[0]
    try:
        result = console_stack.scenario("review", timeout=600, COMPANY_ID=me["company_id"], MANAGER_ID=manager["id"])
        company = console_stack.api("GET", f"/companies/{me['company_id']}", "superadmin@siete.demo").json()
    finally:
        console_stack.api("PUT", f"/companies/{me['company_id']}/review-policy", "superadmin@siete.demo",
                          json={"review_required": False})
    assert company["review_required"] is True
    assert result["granted"] is True
    assert console_stack.api("GET", f"/users/{manager['id']}", "superadmin@siete.demo").json()["is_reviewer"] is False
    # Before publication the client sees the state, not the analysis (the API answers 404).
    assert result["adminStatus"] == "in_review"
    assert "En revisión" in result["adminInReview"] and result["adminKpis"] == 0
    assert result["adminAnalysis"] == 404
    assert result["queued"] >= 1
    assert result["reasonError"], "a missing reason is shown beside its field"
    analysis = console_stack.api("GET", f"/evaluation-analysis/{result['id']}").json()
    assert analysis["published_at"] and analysis["published_by"] is not None
    adjustments = {a["target"]: a for a in analysis["adjustments"]}
    saludo = adjustments["check:saludo"]
    assert saludo["ai_value"] == result["aiSaludo"] and saludo["human_value"] is (not result["aiSaludo"])
    assert saludo["reason"] == result["adjustment"]["reason"] == "El empleado saludó fuera de cámara (revisión e2e)"
    assert analysis["operative_view"]["calidad_basica"]["saludo"] is (not result["aiSaludo"])
    assert result["adjustment"]["human"] == ("cumple" if saludo["human_value"] else "no cumple")
    assert result["adjustment"]["ai"] == ("cumple" if saludo["ai_value"] else "no cumple")
    assert "Revisado por una persona" in result["reviewedNote"]
    dispute = console_stack.api("GET", f"/disputes/{result['disputeId']}").json()
    assert dispute["status"] == "accepted" and dispute["target"] == "check:oferta"
    assert dispute["resolution"] == "Se escucha la oferta en el minuto final"
    oferta = adjustments["check:oferta"]
    assert oferta["dispute_id"] == dispute["id"] and oferta["human_value"] is (not oferta["ai_value"])
    assert result["adminResolve"] == 0, "only reviewers resolve disputes"
    assert "/reviews" not in result["adminNav"] and result["adminOnReviews"] == "/"
    assert result["serious"] == {"inReview": [], "queue": [], "review": [], "published": [], "disputes": [],
                                 "calibration": []}
    assert result["problems"] == []
