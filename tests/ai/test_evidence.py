"""Quote verification: found (fuzzy) in the transcript, tied to its segment's time and speaker, or dropped."""

from siete.ai import Segment, Transcript
from siete.ai.analyzers.evidence import locate, verify_evidence

TRANSCRIPT = Transcript.from_segments([
    Segment(0.5, 4.0, "Buenas tardes, bienvenido a la tienda.", "S1", "empleado"),
    Segment(4.5, 9.0, "Vengo a cerrar mi cuenta, ya me cansé.", "S2", "cliente"),
    Segment(9.5, 14.0, "Le ofrezco una tarjeta sin cuota anual.", "S1", "empleado"),
], "es", 15.0)


def view(**evidence):
    checks = dict.fromkeys(("saludo", "identificacion", "oferta", "cierre", "valor_agregado"), False)
    quotes = {check: [] for check in checks}
    for check, entries in evidence.items():
        checks[check], quotes[check] = True, entries
    return {"IOC": {"score": 50, "justificacion": ""}, "IRD": {"score": 10, "justificacion": ""},
            "CES": {"score": 10, "justificacion": ""}, "NPS_inferido": 8, "calidad_basica": checks,
            "evidencias": {"calidad_basica": quotes, "verbatims": {"positivos": [], "negativos": [], "criticos": []}},
            "verbatims": {"positivos": [], "negativos": [], "criticos": []}, "acciones_sugeridas": []}


def test_fuzzy_quotes_are_found_despite_accents_case_and_small_slips():
    assert locate("VENGO A CERRAR MI CUENTA, YA ME CANSE", TRANSCRIPT.segments).start == 4.5
    assert locate("le ofresco una targeta sin cuota anual", TRANSCRIPT.segments).start == 9.5
    assert locate("esto nunca se dijo en la tienda", TRANSCRIPT.segments) is None


def test_a_quote_spanning_two_segments_is_found_across_them():
    found = locate("bienvenido a la tienda. Vengo a cerrar", TRANSCRIPT.segments)
    assert (found.start, found.end) == (0.5, 9.0)


def test_cited_line_gives_time_speaker_and_role():
    result, verification = verify_evidence(view(saludo=[{"cita": "bienvenido a la tienda", "inicio": 0, "fin": 0,
                                                         "linea": 1}]), TRANSCRIPT)
    assert result["evidencias"]["calidad_basica"]["saludo"] == [
        {"cita": "bienvenido a la tienda", "inicio": 0.5, "fin": 4.0, "hablante": "S1", "rol": "empleado", "linea": 1}]
    assert verification.to_dict()["descartadas"] == 0


def test_an_invented_quote_is_dropped_counted_and_its_check_unmet():
    result, verification = verify_evidence(view(oferta=[{"cita": "le regalo un televisor", "inicio": 9.5,
                                                         "fin": 14.0, "linea": 3}]), TRANSCRIPT)
    assert result["evidencias"]["calidad_basica"]["oferta"] == [] and result["calidad_basica"]["oferta"] is False
    assert verification.to_dict() == {"citadas": 1, "verificadas": 0, "descartadas": 1,
                                      "citas_descartadas": ["le regalo un televisor"]}


def test_a_customers_words_do_not_prove_an_employee_check():
    result, _ = verify_evidence(view(cierre=[{"cita": "ya me cansé", "inicio": 4.5, "fin": 9.0}]), TRANSCRIPT)
    assert result["calidad_basica"]["cierre"] is False


def test_words_both_sides_said_close_together_are_tied_to_the_turn_said_at_the_quotes_time():
    both = Transcript.from_segments([Segment(0.3, 3.0, "Hola, quiero cancelar la membresía.", "S1", "cliente"),
                                     Segment(3.4, 5.2, "Hola, ¿por qué?", "S2", "empleado")], "es", 6.0)
    result, _ = verify_evidence(view(saludo=[{"cita": "Hola", "inicio": 3.4, "fin": 5.2}]), both)
    assert result["calidad_basica"]["saludo"] is True
    assert result["evidencias"]["calidad_basica"]["saludo"][0]["rol"] == "empleado"
