"""Turns findings into the operative view: indices, inferred NPS, quality checks, quotes and actions.

The indices cannot contradict each other: a customer's intent to leave puts the churn risk (IRD) at or above
the critical level; complaints put it in the middle band; the inferred NPS stays inside the band the risk allows.
"""

from __future__ import annotations

from typing import Any

from siete.ai.analyzers.consistency import CRITICAL_IRD, MEDIUM_IRD, bounded_nps
from siete.ai.analyzers.evidence import cita
from siete.ai.analyzers.heuristic.findings import Findings, Hit, check_weight
from siete.ai.schemas import CHECKS

MAX_QUOTES = 5
MAX_CHECK_QUOTES = 3
NOT_ENOUGH = "No hay suficiente conversación para evaluar."


def _capped(findings: Findings, category: str, cap: int) -> int:
    return min(findings.count(category), cap)


def _strongest_first(check: str, hits: list[Hit]) -> list[Hit]:
    """An offer's or advice's evidence, the turn that says it most clearly first (earlier first among equals): a
    price told in passing is weaker proof than the proposal."""
    if check not in ("oferta", "valor_agregado"):
        return hits
    return sorted(hits, key=lambda hit: -check_weight(check, hit.turn.tokens))


def churn_risk(f: Findings) -> int:
    """IRD: an intent to leave is critical; complaints, waits and brush-offs raise it; satisfaction lowers it."""
    if not f.evaluable:
        return 0
    complaints, waits, refusals = _capped(f, "complaint", 3), _capped(f, "wait", 2), _capped(f, "refusal", 2)
    if f.count("churn"):
        return _clamp(CRITICAL_IRD + 5 + 5 * complaints + 3 * refusals, CRITICAL_IRD, 100)
    if complaints:
        return _clamp(MEDIUM_IRD + 10 * complaints + 4 * waits + 4 * refusals - 3 * _capped(f, "satisfaction", 2),
                      MEDIUM_IRD, CRITICAL_IRD - 5)
    return _clamp(12 + 4 * waits + 5 * refusals - 4 * _capped(f, "satisfaction", 2), 0, MEDIUM_IRD - 5)


def customer_effort(f: Findings) -> int:
    """CES (higher = more effort): repeat visits, calls, transfers, waits and paperwork."""
    if not f.evaluable:
        return 0
    score = (10 + 18 * _capped(f, "repeat_visit", 3) + 12 * _capped(f, "call", 2) + 15 * _capped(f, "transfer", 3)
             + 8 * _capped(f, "wait", 2) + 6 * _capped(f, "paperwork", 2))
    return _clamp(score, 0, 100)


def commercial_opportunity(f: Findings) -> int:
    """IOC: expressed needs and interest, and whether an offer was put on the table."""
    if not f.evaluable:
        return 0
    score = (10 + 15 * _capped(f, "need", 3) + 15 * _capped(f, "interest", 2) + 20 * f.passed("oferta")
             + 5 * f.passed("valor_agregado"))
    return _clamp(score, 0, 100)


def inferred_nps(f: Findings, ird: int, ces: int) -> int:
    """0-10 from the checks met, the customer's satisfaction, complaints and waits, inside the band the risk and
    effort allow."""
    met = sum(f.passed(check) for check in CHECKS)
    raw = (6 + 0.6 * met + 0.7 * _capped(f, "satisfaction", 3) - 1.5 * _capped(f, "complaint", 3)
           - _capped(f, "wait", 2))
    return bounded_nps(round(raw), ird, ces, met, churn=bool(f.count("churn")))


def _clamp(value: float, low: int, high: int) -> int:
    return int(max(low, min(high, value)))


def _counted(f: Findings, parts: list[tuple[str, str]]) -> list[str]:
    """'quejas (2)'-style phrases for the categories that occurred."""
    return [f"{label} ({f.count(category)})" for category, label in parts if f.count(category)]


IRD_LABELS = [("churn", "intención de irse, cancelar o cerrar"), ("complaint", "quejas del cliente"),
              ("wait", "menciones de espera"), ("refusal", "respuestas evasivas del personal")]
CES_LABELS = [("repeat_visit", "visitas o intentos repetidos"), ("call", "llamadas previas"),
              ("transfer", "transferencias o derivaciones"), ("wait", "menciones de espera"),
              ("paperwork", "requisitos o trámites")]
IOC_LABELS = [("need", "necesidades expresadas"), ("interest", "señales de interés")]


def justifications(f: Findings) -> dict[str, str]:
    """Why each index has its value, in Spanish."""
    if not f.evaluable:
        return {"IRD": NOT_ENOUGH, "CES": NOT_ENOUGH, "IOC": NOT_ENOUGH}
    ird, ces, ioc = _counted(f, IRD_LABELS), _counted(f, CES_LABELS), _counted(f, IOC_LABELS)
    ioc.append("se presentó una oferta" if f.passed("oferta") else "no se presentó ninguna oferta")
    return {
        "IRD": "Detectado: " + ", ".join(ird) + "." if ird else "Sin quejas, esperas ni intención de irse.",
        "CES": "Detectado: " + ", ".join(ces) + "." if ces else "El cliente resolvió sin esfuerzo adicional.",
        "IOC": "Detectado: " + ", ".join(ioc) + ".",
    }


def verbatims(f: Findings) -> dict[str, list[Hit]]:
    """The customer's words by severity: intent to leave is critical, complaints negative, satisfaction positive."""
    critical = _unique(f.hits["churn"])
    negative = _unique(f.hits["complaint"], exclude=critical)
    positive = _unique(f.hits["satisfaction"], exclude=critical + negative)
    return {"positivos": positive[:MAX_QUOTES], "negativos": negative[:MAX_QUOTES], "criticos": critical[:MAX_QUOTES]}


def _unique(items: list[Hit], exclude: list[Hit] = ()) -> list[Hit]:
    """Quotes in order of appearance, each once."""
    seen = {(h.start, h.quote) for h in exclude}
    result = []
    for hit in sorted(items, key=lambda h: h.start):
        if (hit.start, hit.quote) not in seen:
            seen.add((hit.start, hit.quote))
            result.append(hit)
    return result


def actions(f: Findings, ird: int, ces: int, ioc: int) -> list[dict[str, str]]:
    """Follow-up actions, most urgent first."""
    if not f.evaluable:
        return [{"accion": "Repetir la evaluación con una grabación de toda la interacción", "prioridad": "media"}]
    todo = []
    if f.count("churn") or ird >= CRITICAL_IRD:
        todo.append(("Contactar al cliente en menos de 24 horas para resolver su caso y evitar que se vaya", "alta"))
    elif f.count("complaint"):
        todo.append(("Dar seguimiento a la queja del cliente y confirmar que quedó resuelta", "media"))
    if ces >= 50:
        todo.append(("Resolver en el primer contacto: sin transferencias ni visitas repetidas, con un responsable",
                     "alta"))
    if not f.passed("oferta") and (ioc >= 40 or f.count("need")):
        todo.append(("Detectar necesidades y ofrecer un producto, plan o promoción adecuado",
                     "alta" if ioc >= 60 else "media"))
    if f.count("wait"):
        todo.append(("Revisar tiempos de espera y dotación de personal en horas pico", "media"))
    if f.count("refusal"):
        todo.append(("Capacitar al personal para no derivar ni rechazar: asumir el caso y dar seguimiento", "media"))
    for check, text, priority in (
            ("saludo", "Aplicar el protocolo de saludo y bienvenida al iniciar la atención", "media"),
            ("identificacion", "Presentarse por su nombre al iniciar la atención", "media"),
            ("cierre", "Cerrar preguntando si necesita algo más, agradecer la visita y despedirse", "media"),
            ("valor_agregado", "Aportar un consejo o ayuda adicional que agregue valor a la visita", "baja")):
        if not f.passed(check):
            todo.append((text, priority))
    if not todo:
        todo.append(("Reconocer al colaborador y compartir la interacción como buena práctica", "baja"))
    order = {"alta": 0, "media": 1, "baja": 2}
    return [{"accion": text, "prioridad": priority} for text, priority in sorted(todo, key=lambda t: order[t[1]])]


def operative_view(f: Findings) -> dict[str, Any]:
    """The complete operative view, with evidence (time, speaker, role) for every check and verbatim."""
    ird, ces, ioc = churn_risk(f), customer_effort(f), commercial_opportunity(f)
    reasons = justifications(f)
    quotes = verbatims(f)
    return {
        "IOC": {"score": ioc, "justificacion": reasons["IOC"]},
        "IRD": {"score": ird, "justificacion": reasons["IRD"]},
        "CES": {"score": ces, "justificacion": reasons["CES"]},
        "NPS_inferido": inferred_nps(f, ird, ces) if f.evaluable else 5,
        "calidad_basica": {check: f.passed(check) for check in CHECKS},
        "evidencias": {
            "calidad_basica": {check: [_cita(h) for h in _strongest_first(check, f.checks[check])[:MAX_CHECK_QUOTES]]
                               for check in CHECKS},
            "verbatims": {kind: [_cita(h) for h in hits] for kind, hits in quotes.items()},
        },
        "verbatims": {kind: [h.quote for h in hits] for kind, hits in quotes.items()},
        "acciones_sugeridas": actions(f, ird, ces, ioc),
    }


def _cita(hit: Hit) -> dict[str, Any]:
    return cita(hit.quote, hit.turn.start, hit.turn.end, hit.turn.speaker, hit.turn.role)
