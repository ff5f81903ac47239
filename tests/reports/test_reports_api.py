"""Reports over HTTP: who may ask and read, another tenant's report is a 404, links are signed and expire."""
from datetime import timedelta

from freezegun import freeze_time

from siete.core.models import utcnow
from siete.extensions import db
from siete.reports import build
from tests.factories import CompanyFactory, UserFactory, auth_headers
from tests.reports.conftest import download


def _request(client, user, **body):
    return client.post("/api/v1/reports", headers=auth_headers(user), json=body)


def test_another_tenants_report_is_404_and_its_ids_cannot_be_named(world, built, client):
    report = built(world["admin"], kind="evaluations_csv")
    stranger = UserFactory(admin=True, company=CompanyFactory())
    assert client.get(f"/api/v1/reports/{report['id']}", headers=auth_headers(stranger)).status_code == 404
    assert client.get("/api/v1/reports", headers=auth_headers(stranger)).json == []
    evaluation = world["evaluations"][0][0]
    assert _request(client, stranger, kind="evaluation_pdf", evaluation_id=evaluation.id).status_code == 404
    assert _request(client, stranger, kind="campaign_pdf", campaign_id=world["campaign"].id).status_code == 404


def test_managers_see_only_their_own_reports_and_shoppers_none(world, built, client):
    mine = built(world["manager"], kind="evaluations_csv")
    admins = built(world["admin"], kind="evaluations_csv")
    listed = client.get("/api/v1/reports", headers=auth_headers(world["manager"])).json
    assert [r["id"] for r in listed] == [mine["id"]]
    assert client.get(f"/api/v1/reports/{admins['id']}", headers=auth_headers(world["manager"])).status_code == 404
    assert {r["id"] for r in client.get("/api/v1/reports", headers=auth_headers(world["admin"])).json} == {
        mine["id"], admins["id"]}
    assert _request(client, world["shopper"], kind="evaluations_csv").status_code == 403
    other_campaign_evaluation = world["pending"]  # on the manager's campaign: allowed
    assert _request(client, world["manager"], kind="evaluation_pdf",
                    evaluation_id=other_campaign_evaluation.id).status_code == 202


def test_bad_requests_are_422_with_field_errors(world, client):
    admin = world["admin"]
    assert _request(client, admin, kind="nonsense").json["errors"]["json"].keys() == {"kind"}
    assert "evaluation_id" in _request(client, admin, kind="evaluation_pdf").json["errors"]["json"]
    answer = _request(client, admin, kind="evaluations_xlsx", date_from="2026-11-30", date_to="2026-11-01")
    assert answer.status_code == 422 and "date_to" in answer.json["errors"]["json"]
    assert _request(client, admin, kind="survey_csv").status_code == 422
    superadmin = UserFactory(superadmin=True)
    assert "company_id" in _request(client, superadmin, kind="evaluations_csv").json["errors"]["json"]


def test_superadmin_names_the_company_and_gets_its_data(world, built, client):
    report = built(UserFactory(superadmin=True), kind="evaluations_csv", company_id=world["company"].id)
    assert report["rows"] == 5


def test_progress_is_followed_until_the_link_appears(world, client):
    answer = _request(client, world["admin"], kind="evaluations_xlsx")
    pending = client.get(f"/api/v1/reports/{answer.json['id']}", headers=auth_headers(world["admin"])).json
    assert (pending["status"], pending["progress"], pending["download_url"]) == ("pending", 0, None)
    build.build(answer.json["id"])
    done = client.get(f"/api/v1/reports/{answer.json['id']}", headers=auth_headers(world["admin"])).json
    assert (done["status"], done["progress"]) == ("completed", 100)
    assert done["filename"] == f"evaluaciones-banco-caribe-{done['id']}.xlsx"


def test_the_download_link_expires_and_a_forged_one_is_404(world, built, client, app):
    report = built(world["admin"], kind="evaluations_csv")
    assert download(client, report).headers["Content-Disposition"].startswith("attachment")
    url = report["download_url"]
    later = utcnow() + timedelta(seconds=app.config["REPORT_LINK_EXPIRES"] + 5)
    with freeze_time(later):
        assert client.get(url).status_code == 410
    assert client.get(url[:-3] + "abc").status_code == 404
    other = built(world["admin"], kind="evaluations_csv")
    token = url.split("token=")[1]
    assert client.get(f"/api/v1/reports/{other['id']}/download?token={token}").status_code == 404
    assert client.get(f"/api/v1/reports/{report['id']}/download").status_code == 422


def test_a_report_not_built_yet_has_no_download(world, client, app):
    from siete.reports.links import download_link
    from siete.reports.models import Report
    from tests.reports.conftest import report_row

    answer = _request(client, world["admin"], kind="evaluations_csv")
    row = report_row(answer.json["id"])
    with app.test_request_context():
        url, _expires = download_link(row)
    assert client.get(url).status_code == 409
    assert isinstance(row, Report)


def test_a_report_whose_requester_was_deleted_fails_instead_of_widening_its_view(world, client):
    from tests.reports.conftest import report_row

    answer = _request(client, world["manager"], kind="evaluations_csv")
    world["manager"].soft_delete()
    db.session.commit()
    build.build(answer.json["id"])
    row = report_row(answer.json["id"])
    assert (row.status, row.error_code, row.storage_key) == ("failed", "requester_gone", None)
