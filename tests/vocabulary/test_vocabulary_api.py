"""A company's transcription vocabulary: admins edit their own, superadmins any; validated, audited, and combined
with the evaluation's company, campaign and branch names for the transcriber."""
import pytest
from sqlalchemy import select

from siete.audit.models import AuditEntry
from siete.core import tenancy
from siete.extensions import db
from siete.vocabulary.schemas import MAX_TERM_CHARS, MAX_TERMS
from siete.vocabulary.service import vocabulary_for
from tests.factories import (
    CampaignFactory,
    CompanyFactory,
    CompanyVocabularyFactory,
    EvaluationFactory,
    UserFactory,
    ZoneFactory,
    auth_headers,
)


def url(company):
    return f"/api/v1/companies/{company.id}/vocabulary"


def test_a_company_without_a_list_gets_its_name_as_the_prompt(client, db_session):
    company = CompanyFactory(name="Farmacia Los Hidalgos")
    body = client.get(url(company), headers=auth_headers(UserFactory(admin=True, company=company))).get_json()
    assert body == {"company_id": company.id, "terms": [], "updated_at": None, "prompt": "Farmacia Los Hidalgos."}


def test_an_admin_replaces_the_list_and_the_change_is_audited(client, db_session):
    company = CompanyFactory(name="Farmacia Los Hidalgos")
    admin = UserFactory(admin=True, company=company)
    first = client.put(url(company), headers=auth_headers(admin), json={"terms": ["Acetaminofén  Forte", "Redoxon"]})
    assert first.status_code == 200, first.get_json()
    assert first.get_json()["terms"] == ["Acetaminofén Forte", "Redoxon"]
    assert first.get_json()["prompt"] == "Farmacia Los Hidalgos, Acetaminofén Forte, Redoxon."
    second = client.put(url(company), headers=auth_headers(admin), json={"terms": ["Tusiquín"]})
    assert client.get(url(company), headers=auth_headers(admin)).get_json()["terms"] == ["Tusiquín"] == \
        second.get_json()["terms"]
    with tenancy.system_scope():
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "company.vocabulary_updated")
                                     .order_by(AuditEntry.id)).all()
    assert [(e.company_id, e.actor_id, e.before, e.after) for e in entries] == [
        (company.id, admin.id, {"terms": []}, {"terms": ["Acetaminofén Forte", "Redoxon"]}),
        (company.id, admin.id, {"terms": ["Acetaminofén Forte", "Redoxon"]}, {"terms": ["Tusiquín"]})]


def test_an_empty_list_clears_it(client, db_session):
    company = CompanyFactory()
    CompanyVocabularyFactory(company=company)
    admin = auth_headers(UserFactory(admin=True, company=company))
    assert client.put(url(company), headers=admin, json={"terms": []}).get_json()["terms"] == []


@pytest.mark.parametrize("body,field,message", [
    ({}, "terms", "Missing data for required field."),
    ({"terms": "Redoxon"}, "terms", "Not a valid list."),
    ({"terms": [f"Término {n}" for n in range(MAX_TERMS + 1)]}, "terms", f"como máximo {MAX_TERMS} términos"),
    ({"terms": ["Redoxon", "x" * (MAX_TERM_CHARS + 1)]}, "terms.1", f"como máximo {MAX_TERM_CHARS} caracteres"),
    ({"terms": ["   "]}, "terms.0", "no puede estar vacío"),
    ({"terms": ["¡¿...?!"]}, "terms.0", "letras o números"),
    ({"terms": [7]}, "terms.0", "Not a valid string."),
    ({"terms": ["Redoxon", "REDOXON "]}, "terms", "«REDOXON» está repetido"),
    ({"terms": ["Redoxon"], "company_id": 5}, "company_id", "Unknown field."),
])
def test_invalid_lists_get_field_errors_and_change_nothing(client, db_session, body, field, message):
    company = CompanyFactory()
    vocabulary = CompanyVocabularyFactory(company=company)
    admin = auth_headers(UserFactory(admin=True, company=company))
    response = client.put(url(company), headers=admin, json=body)
    assert response.status_code == 422
    errors = response.get_json()["errors"]["json"]
    for part in field.split("."):
        errors = errors[part]  # JSON keys: a list index is a string
    assert any(message in text for text in errors), errors
    assert client.get(url(company), headers=admin).get_json()["terms"] == vocabulary.terms


def test_the_evaluation_vocabulary_puts_company_campaign_and_branch_before_the_companys_terms(db_session):
    company = CompanyFactory(name="Supermercados Bravo")
    campaign = CampaignFactory(company=company, name="Auditoría Navidad")
    zone = ZoneFactory(company=company, name="Sucursal Churchill", city="Santo Domingo")
    CompanyVocabularyFactory(company=company, terms=["Bravísimo", "supermercados bravo", "Tarjeta Bravo"])
    CompanyVocabularyFactory(company=CompanyFactory(), terms=["Otra Empresa"])  # another tenant's list
    evaluation = EvaluationFactory(company=company, campaign=campaign, zone=zone)
    with tenancy.tenant_scope(company.id):
        terms = vocabulary_for(evaluation).terms
    assert terms == ("Supermercados Bravo", "Auditoría Navidad", "Sucursal Churchill", "Bravísimo",
                     "Tarjeta Bravo", "Santo Domingo")
