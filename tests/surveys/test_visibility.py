"""Shoppers reach a survey only through a live campaign assigned to them (any version of it)."""
import pytest

from tests.factories import CampaignFactory, CampaignUserFactory, SurveyFactory, auth_headers

pytestmark = pytest.mark.usefixtures("surveys_api")


@pytest.fixture
def versions(company):
    v1 = SurveyFactory(company=company, is_current=False)
    v2 = SurveyFactory(company=company, version=2, previous_version_id=v1.id)
    return v1, v2


def _status(client, user, survey):
    return client.get(f"/api/v1/surveys/{survey.id}", headers=auth_headers(user)).status_code


def test_shopper_without_an_assigned_campaign_gets_404(client, shopper, company, versions):
    CampaignFactory(company=company, survey_id=versions[1].id)  # uses it, but not assigned to the shopper
    assert [_status(client, shopper, v) for v in versions] == [404, 404]


def test_shopper_assigned_to_a_campaign_sees_every_version(client, shopper, company, versions):
    campaign = CampaignFactory(company=company, survey_id=versions[0].id)
    CampaignUserFactory(company=company, campaign=campaign, user=shopper)
    assert [_status(client, shopper, v) for v in versions] == [200, 200]
    body = client.get(f"/api/v1/surveys/{versions[1].id}", headers=auth_headers(shopper)).get_json()
    assert body["questions"][0]["id"] == "q1" and body["version"] == 2


def test_deleted_campaign_or_assignment_hides_the_survey(client, shopper, company, versions, db_session):
    campaign = CampaignFactory(company=company, survey_id=versions[1].id)
    link = CampaignUserFactory(company=company, campaign=campaign, user=shopper)
    assert _status(client, shopper, versions[1]) == 200
    link.soft_delete()
    db_session.commit()
    assert _status(client, shopper, versions[1]) == 404
    CampaignUserFactory(company=company, campaign=campaign, user=shopper)
    campaign.soft_delete()
    db_session.commit()
    assert _status(client, shopper, versions[1]) == 404


def test_unrelated_survey_stays_hidden_from_an_assigned_shopper(client, shopper, company, versions):
    campaign = CampaignFactory(company=company, survey_id=versions[1].id)
    CampaignUserFactory(company=company, campaign=campaign, user=shopper)
    assert _status(client, shopper, SurveyFactory(company=company)) == 404


def test_manager_reads_any_survey_of_the_company_but_results_only_through_assignment(client, manager, company,
                                                                                      versions):
    assert _status(client, manager, versions[1]) == 200
    url = f"/api/v1/surveys/{versions[1].id}/results"
    assert client.get(url, headers=auth_headers(manager)).status_code == 404
    campaign = CampaignFactory(company=company, survey_id=versions[1].id)
    CampaignUserFactory(company=company, campaign=campaign, user=manager)
    assert client.get(url, headers=auth_headers(manager)).status_code == 200
