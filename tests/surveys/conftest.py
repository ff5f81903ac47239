"""Surveys test fixtures: one company with a user per role, a question set covering every type."""
import pytest

from tests.factories import CompanyFactory, UserFactory

QUESTIONS = [
    {"id": "nps", "type": "nps", "text": "¿Nos recomendaría?"},
    {"id": "scale", "type": "scale", "text": "Amabilidad del asesor"},
    {"id": "wait", "type": "number", "text": "Minutos de espera", "min": 0, "max": 120},
    {"id": "speed", "type": "single_choice", "text": "Atención", "options": ["Rápida", "Lenta", "Regular"]},
    {"id": "liked", "type": "multiple_choice", "text": "Le gustó", "options": ["Precio", "Trato", "Limpieza"]},
    {"id": "greeted", "type": "yes_no", "text": "¿Lo saludaron?"},
    {"id": "notes", "type": "text", "text": "Comentarios", "required": False},
]


@pytest.fixture
def surveys_api(app):
    """Route tests need the blueprint registered in siete/__init__.py FEATURES."""
    assert "surveys" in app.blueprints, "register the surveys blueprint: add 'surveys' to siete.FEATURES"


@pytest.fixture
def company(db_session):
    return CompanyFactory(name="Own Co")


@pytest.fixture
def admin(company):
    return UserFactory(admin=True, company=company)


@pytest.fixture
def manager(company):
    return UserFactory(manager=True, company=company)


@pytest.fixture
def shopper(company):
    return UserFactory(company=company)


@pytest.fixture
def superadmin(db_session):
    return UserFactory(superadmin=True)
