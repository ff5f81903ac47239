"""What the heuristic analyzer must do whatever the phrasing: each side's turns, consistent KPIs, quotes with who."""

import pytest

from siete.ai import AnalysisContext, Segment, Transcript, get_analyzer, validate_operative_view
from siete.ai.analyzers.consistency import CRITICAL_IRD
from siete.ai.analyzers.heuristic.executive import duration_text

EMPLOYEE, CUSTOMER = "empleado", "cliente"


def talk(*turns: tuple[str, str], gap: float = 5.0) -> Transcript:
    """A transcript of (role, text) turns with speakers S1 (employee) and S2 (customer)."""
    return Transcript.from_segments([Segment(i * gap, (i + 1) * gap - 0.5, text, "S1" if role == EMPLOYEE else "S2",
                                             role) for i, (role, text) in enumerate(turns)], "es", len(turns) * gap)


def run(*turns, context=None):
    result = get_analyzer("heuristic").analyze(talk(*turns), context)
    validate_operative_view(result.operative_view)
    return result


def test_checks_count_only_the_employees_turns():
    view = run((CUSTOMER, "Buenos días, me llamo Pedro. ¿Tienen alguna promoción? Gracias por su atención, adiós."),
               (EMPLOYEE, "Dígame."), (CUSTOMER, "Quiero pagar la factura."), (EMPLOYEE, "Son mil pesos.")).operative_view
    assert not any(view["calidad_basica"].values()), view["calidad_basica"]


def test_complaints_and_churn_count_only_the_customers_turns():
    view = run((EMPLOYEE, "Hola, bienvenido. Otros clientes se quejan de que el banco de enfrente es pésimo."),
               (CUSTOMER, "Vengo a depositar."), (EMPLOYEE, "Listo, gracias por su visita.")).operative_view
    assert view["verbatims"]["negativos"] == [] and view["verbatims"]["criticos"] == []
    assert view["IRD"]["score"] < 35


@pytest.mark.parametrize("threat", ["Vengo a cerrar mi cuenta, me voy al banco de enfrente.",
                                    "Vengo a ser a mi cuenta.",  # ASR for 'vengo a cerrar mi cuenta'
                                    "Quiero dar de baja el plan, me paso a otra compañía.",
                                    "Si esto sigue así me llevo el seguro de toda mi familia a otra aseguradora."])
def test_an_intent_to_leave_forces_the_critical_risk_and_a_critical_quote(threat):
    result = run((EMPLOYEE, "Buenas tardes, ¿en qué le puedo ayudar?"), (CUSTOMER, threat),
                 (EMPLOYEE, "Entiendo, firme aquí."))
    view = result.operative_view
    assert view["IRD"]["score"] >= CRITICAL_IRD and view["verbatims"]["criticos"] == [threat]
    assert view["NPS_inferido"] <= 3 and "intención" in view["IRD"]["justificacion"]
    assert view["evidencias"]["verbatims"]["criticos"][0]["rol"] == CUSTOMER
    assert "Riesgo de deserción alto" in result.executive_view


def test_paying_a_bill_is_not_an_intent_to_leave():
    view = run((EMPLOYEE, "Buenos días."), (CUSTOMER, "Vengo a cancelar la factura de este mes."),
               (EMPLOYEE, "Listo, quedó pagada.")).operative_view
    assert view["IRD"]["score"] < 35 and view["verbatims"]["criticos"] == []


def test_nps_never_contradicts_the_risk():
    calm = run((EMPLOYEE, "Hola, bienvenido, soy Ana."), (CUSTOMER, "Quiero activar mi tarjeta."),
               (EMPLOYEE, "Listo, ya quedó activa."), (CUSTOMER, "Perfecto, muy amable."),
               (EMPLOYEE, "Gracias por su visita, que tenga buen día.")).operative_view
    upset = run((EMPLOYEE, "Hola, bienvenido, soy Ana."), (CUSTOMER, "Llevo una hora esperando, es un pésimo servicio."),
                (EMPLOYEE, "Disculpe."), (CUSTOMER, "Me cobraron de más otra vez.")).operative_view
    assert calm["IRD"]["score"] < 35 and calm["NPS_inferido"] >= 7  # low risk is never beside a detractor NPS
    assert 35 <= upset["IRD"]["score"] < CRITICAL_IRD and 3 <= upset["NPS_inferido"] <= 6


def test_too_little_conversation_is_a_stated_outcome():
    result = get_analyzer("heuristic").analyze(Transcript.from_segments([Segment(0.0, 0.5, "Hola.")], "es", 0.5))
    view = result.operative_view
    assert result.evaluable is False and not any(view["calidad_basica"].values())
    assert "No hay suficiente conversación" in result.executive_view
    assert view["IRD"]["justificacion"] == "No hay suficiente conversación para evaluar."
    validate_operative_view(view)


def test_every_quote_says_who_said_it_and_when():
    result = run((EMPLOYEE, "Buenas tardes, bienvenida, mi nombre es Carla."), (CUSTOMER, "Me cobraron de más."),
                 (EMPLOYEE, "Le recomiendo revisar la aplicación."), (CUSTOMER, "Excelente, muy amable."))
    evidence = result.operative_view["evidencias"]
    entries = [e for group in evidence.values() for quotes in group.values() for e in quotes]
    assert entries and all(e["rol"] in (EMPLOYEE, CUSTOMER) and e["hablante"] in ("S1", "S2") for e in entries)
    assert {e["rol"] for e in evidence["calidad_basica"]["saludo"]} == {EMPLOYEE}
    assert {e["rol"] for e in evidence["verbatims"]["positivos"]} == {CUSTOMER}
    assert "Cliente: «Me cobraron de más.»" in result.executive_view
    assert "Empleado: «Buenas tardes, bienvenida, mi nombre es Carla.»" in result.executive_view
    assert "El cliente expresa satisfacción: «Excelente, muy amable.»" in result.executive_view


def test_an_employees_praise_is_not_the_customers_satisfaction():
    view = run((EMPLOYEE, "Excelente, perfecto, muy bien, qué bueno."), (CUSTOMER, "Quiero un plan."),
               (EMPLOYEE, "Listo.")).operative_view
    assert view["verbatims"]["positivos"] == []


@pytest.mark.parametrize("seconds, text", [(66, "1 minuto 6 segundos"), (45, "45 segundos"), (120, "2 minutos")])
def test_duration_is_written_in_words(seconds, text):
    assert duration_text(seconds) == text


def test_topics_follow_the_conversation_and_the_business_name_is_no_cue():
    result = run((EMPLOYEE, "Buenos días, bienvenido a Drogas La Rebaja."), (CUSTOMER, "Vengo a cerrar mi cuenta de ahorros."),
                 (EMPLOYEE, "Firme aquí."), context=AnalysisContext(company_name="Banco Promoción"))
    topics = result.executive_view.split("## 📌 Temas principales")[1].split("##")[0]
    assert "Cuentas y cierre de cuentas" in topics and "Equipos" not in topics
    assert result.operative_view["calidad_basica"]["oferta"] is False  # 'Rebaja' is the shop's name


@pytest.mark.parametrize("offer", ["El especial de hoy es pescado frito con tostones, ¿se lo preparo?",
                                   "Le puedo agregar la garantía extendida por veinte dólares más.",
                                   "Este mes está en dos por uno.",
                                   "Lo puede financiar a doce meses sin intereses."])
def test_offers_without_the_word_promotion(offer):
    view = run((EMPLOYEE, "Hola."), (CUSTOMER, "Busco algo para mi casa."), (EMPLOYEE, offer),
               (CUSTOMER, "Lo voy a pensar.")).operative_view
    assert view["calidad_basica"]["oferta"], offer


def test_a_date_proposal_is_not_an_offer():
    view = run((EMPLOYEE, "Hola."), (CUSTOMER, "Necesito una cita."), (EMPLOYEE, "Tengo el martes a las diez, ¿se la agendo?"),
               (CUSTOMER, "Sí.")).operative_view
    assert not view["calidad_basica"]["oferta"]


@pytest.mark.parametrize("intro", ["Yo soy Ramón, ¿en qué le ayudo?", "Le atiende Kevin.", "Ramón, para servirle.",
                                   "Soy la coordinadora de servicio, Marta.", "Mi nombre e Paola."])
def test_self_introductions_in_many_forms(intro):
    view = run((EMPLOYEE, "Buenas tardes."), (CUSTOMER, "Buenas."), (EMPLOYEE, intro), (CUSTOMER, "Gracias.")).operative_view
    assert view["calidad_basica"]["identificacion"], intro


@pytest.mark.parametrize("intro", ["Soy la coordinadora de servicio.", "Yo soy el supervisor del turno.",
                                   "La doctora Peña lo atiende ahorita."])
def test_a_role_alone_or_a_colleagues_name_is_no_self_introduction(intro):
    view = run((EMPLOYEE, "Buenas tardes."), (CUSTOMER, "Buenas."), (EMPLOYEE, intro), (CUSTOMER, "Gracias.")).operative_view
    assert not view["calidad_basica"]["identificacion"], intro
