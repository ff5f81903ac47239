"""Campaigns API: dates, survey ownership, staffing, visibility per role and progress."""
from datetime import date, timedelta

from tests.factories import (
    CampaignFactory,
    CampaignUserFactory,
    CampaignZoneFactory,
    EvaluationFactory,
    SurveyFactory,
    UserFactory,
    ZoneFactory,
    auth_headers,
)


def _body(**extra):
    today = date.today()
    return {"name": "Q1 sucursales", "start_date": str(today), "end_date": str(today + timedelta(days=30)),
            "goal": 40, **extra}


def test_admin_creates_a_campaign_with_own_survey(client):
    admin = UserFactory(admin=True)
    survey = SurveyFactory(company=admin.company)
    response = client.post("/api/v1/campaigns", headers=auth_headers(admin), json=_body(survey_id=survey.id))
    assert response.status_code == 201
    assert response.get_json()["survey_id"] == survey.id


def test_start_must_not_follow_end(client):
    admin = UserFactory(admin=True)
    response = client.post("/api/v1/campaigns", headers=auth_headers(admin),
                           json=_body(start_date="2026-05-02", end_date="2026-05-01"))
    assert response.status_code == 422 and "end_date" in response.get_json()["errors"]["json"]
    campaign = CampaignFactory(company=admin.company)
    late_start = str(campaign.end_date + timedelta(days=1))
    updated = client.put(f"/api/v1/campaigns/{campaign.id}", headers=auth_headers(admin), json={"start_date": late_start})
    assert updated.status_code == 422


def test_survey_of_another_company_is_rejected(client):
    admin = UserFactory(admin=True)
    foreign = SurveyFactory()
    response = client.post("/api/v1/campaigns", headers=auth_headers(admin), json=_body(survey_id=foreign.id))
    assert response.status_code == 422 and "survey_id" in response.get_json()["errors"]["json"]


def test_only_managers_and_shoppers_are_assigned(client):
    admin = UserFactory(admin=True)
    campaign = CampaignFactory(company=admin.company)
    manager, shopper = UserFactory(manager=True, company=admin.company), UserFactory(company=admin.company)
    url = f"/api/v1/campaigns/{campaign.id}/users"
    ok = client.put(url, headers=auth_headers(admin), json={"ids": [manager.id, shopper.id]})
    assert ok.status_code == 200 and {u["id"] for u in ok.get_json()} == {manager.id, shopper.id}
    assert client.put(url, headers=auth_headers(admin), json={"ids": [admin.id]}).status_code == 422


def test_managers_and_shoppers_see_only_assigned_campaigns(client):
    admin = UserFactory(admin=True)
    manager = UserFactory(manager=True, company=admin.company)
    mine = CampaignUserFactory(company=admin.company, user=manager)
    other = CampaignFactory(company=admin.company)
    manager_headers = auth_headers(manager)
    listed = [c["id"] for c in client.get("/api/v1/campaigns", headers=manager_headers).get_json()]
    assert listed == [mine.campaign_id]
    assert client.get(f"/api/v1/campaigns/{other.id}", headers=manager_headers).status_code == 404
    admin_listed = {c["id"] for c in client.get("/api/v1/campaigns", headers=auth_headers(admin)).get_json()}
    assert admin_listed == {mine.campaign_id, other.id}


def test_progress_counts_by_status_overall_and_per_zone(client):
    admin = UserFactory(admin=True)
    campaign = CampaignFactory(company=admin.company, goal=4)
    north, south = ZoneFactory(company=admin.company, name="Norte"), ZoneFactory(company=admin.company, name="Sur")
    for zone in (north, south):
        CampaignZoneFactory(company=admin.company, campaign=campaign, zone=zone)
    for zone, status in ((north, "completed"), (north, "completed"), (north, "failed"), (south, "pending")):
        EvaluationFactory(company=admin.company, campaign=campaign, zone=zone, status=status)
    EvaluationFactory(company=admin.company, zone=north, status="completed")  # another campaign
    body = client.get(f"/api/v1/campaigns/{campaign.id}", headers=auth_headers(admin)).get_json()
    assert body["progress"] == {"submitted": 4, "pending": 1, "analyzing": 0, "completed": 2, "failed": 1,
                                "goal": 4, "goal_pct": 50.0}
    zones = {z["zone_name"]: z for z in body["zones"]}
    assert (zones["Norte"]["completed"], zones["Norte"]["failed"], zones["Sur"]["pending"]) == (2, 1, 1)


def test_active_on_and_zone_filters(client):
    admin = UserFactory(admin=True)
    today = date.today()
    running = CampaignFactory(company=admin.company)
    CampaignFactory(company=admin.company, start_date=today + timedelta(days=5), end_date=today + timedelta(days=9))
    zone = CampaignZoneFactory(company=admin.company, campaign=running).zone_id
    headers = auth_headers(admin)
    assert [c["id"] for c in client.get(f"/api/v1/campaigns?active_on={today}", headers=headers).get_json()] == [running.id]
    assert [c["id"] for c in client.get(f"/api/v1/campaigns?zone_id={zone}", headers=headers).get_json()] == [running.id]


def test_newly_assigned_people_are_notified_once(client):
    admin = UserFactory(admin=True)
    campaign = CampaignFactory(company=admin.company, name="Sucursales Este")
    manager, shopper = UserFactory(manager=True, company=admin.company), UserFactory(company=admin.company)
    url = f"/api/v1/campaigns/{campaign.id}/users"
    assert client.put(url, headers=auth_headers(admin), json={"ids": [manager.id]}).status_code == 200
    assert client.put(url, headers=auth_headers(admin), json={"ids": [manager.id, shopper.id]}).status_code == 200

    def assignments(user):
        notes = client.get("/api/v1/notifications", headers=auth_headers(user)).get_json()
        return [n for n in notes if n["event"] == "campaign.assigned"]

    [for_manager] = assignments(manager)
    assert "Sucursales Este" in for_manager["title"]
    assert len(assignments(shopper)) == 1
