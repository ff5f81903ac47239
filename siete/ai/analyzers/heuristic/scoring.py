"""Turns findings into the operative view: indices, inferred NPS, quality checks, quotes and actions."""

from __future__ import annotations

from typing import Any

from siete.ai.analyzers.evidence import cita
from siete.ai.analyzers.heuristic.findings import Findings, Sentence
from siete.ai.schemas import CHECKS

MAX_QUOTES = 5
MAX_CHECK_QUOTES = 3
NEGATIVE_CATEGORIES = ("complaint", "refusal", "wait", "repeat_visit", "call", "transfer")


def _capped(findings: Findings, category: str, cap: int) -> int:
    return min(findings.count(category), cap)


def churn_risk(f: Findings) -> int:
    """IRD: complaints, threats to cancel or leave, long waits and brush-offs raise it; satisfaction lowers it."""
    score = (8 + 14 * _capped(f, "complaint", 4) + 12 * _capped(f, "refusal", 3) + 28 * _capped(f, "threat", 3)
             + 10 * _capped(f, "wait", 3) + 6 * _capped(f, "repeat_visit", 2) + 4 * _capped(f, "transfer", 3)
             - 6 * _capped(f, "positive", 3))
    return _clamp(score, 0, 100)


def customer_effort(f: Findings) -> int:
    """CES (higher = more effort): repeat visits, calls, transfers, waits and paperwork."""
    score = (10 + 18 * _capped(f, "repeat_visit", 3) + 12 * _capped(f, "call", 2) + 15 * _capped(f, "transfer", 3)
             + 8 * _capped(f, "wait", 2) + 6 * _capped(f, "paperwork", 2))
    return _clamp(score, 0, 100)


def commercial_opportunity(f: Findings) -> int:
    """IOC: expressed needs and interest, and whether an offer was put on the table."""
    score = (10 + 15 * _capped(f, "need", 3) + 15 * _capped(f, "interest", 2) + 20 * f.passed("oferta")
             + 5 * f.passed("valor_agregado"))
    return _clamp(score, 0, 100)


def inferred_nps(f: Findings, ird: int, ces: int) -> int:
    """0-10 from quality met, customer satisfaction, churn risk and effort."""
    met = sum(f.passed(check) for check in CHECKS)
    return _clamp(round(4 + 0.8 * met + 0.6 * _capped(f, "positive", 3) - 0.045 * ird - 0.02 * ces), 0, 10)


def _clamp(value: float, low: int, high: int) -> int:
    return int(max(low, min(high, value)))


def _counted(f: Findings, parts: list[tuple[str, str]]) -> list[str]:
    """'quejas (2)'-style phrases for the categories that occurred."""
    return [f"{label} ({f.count(category)})" for category, label in parts if f.count(category)]


IRD_LABELS = [("complaint", "quejas o expresiones de insatisfacción"),
              ("threat", "amenazas de cancelar o irse a la competencia"), ("wait", "menciones de espera"),
              ("refusal", "respuestas evasivas del personal"), ("repeat_visit", "visitas repetidas")]
CES_LABELS = [("repeat_visit", "visitas o intentos repetidos"), ("call", "llamadas previas"),
              ("transfer", "transferencias o derivaciones"), ("wait", "menciones de espera"),
              ("paperwork", "requisitos o trámites")]
IOC_LABELS = [("need", "necesidades expresadas"), ("interest", "señales de interés")]


def justifications(f: Findings) -> dict[str, str]:
    """Why each index has its value, in Spanish."""
    ird, ces, ioc = _counted(f, IRD_LABELS), _counted(f, CES_LABELS), _counted(f, IOC_LABELS)
    ioc.append("se presentó una oferta" if f.passed("oferta") else "no se presentó ninguna oferta")
    return {
        "IRD": "Detectado: " + ", ".join(ird) + "." if ird else "Sin quejas, esperas ni amenazas de abandono.",
        "CES": "Detectado: " + ", ".join(ces) + "." if ces else "El cliente resolvió sin esfuerzo adicional.",
        "IOC": "Detectado: " + ", ".join(ioc) + ".",
    }


def verbatims(f: Findings) -> dict[str, list[Sentence]]:
    """Exact sentences by severity: threats are critical, complaints negative, satisfaction positive."""
    critical = _unique(f.hits["threat"])
    negative = _unique([s for category in NEGATIVE_CATEGORIES for s in f.hits[category]], exclude=critical)
    positive = _unique(f.hits["positive"], exclude=critical + negative)
    return {"positivos": positive[:MAX_QUOTES], "negativos": negative[:MAX_QUOTES], "criticos": critical[:MAX_QUOTES]}


def _unique(items: list[Sentence], exclude: list[Sentence] = ()) -> list[Sentence]:
    """Sentences in order of appearance, each once."""
    seen = {(s.start, s.text) for s in exclude}
    result = []
    for sentence in sorted(items, key=lambda s: s.start):
        if (sentence.start, sentence.text) not in seen:
            seen.add((sentence.start, sentence.text))
            result.append(sentence)
    return result


def actions(f: Findings, ird: int, ces: int, ioc: int) -> list[dict[str, str]]:
    """Follow-up actions, most urgent first."""
    todo = []
    if f.count("threat") or ird >= 60:
        todo.append(("Contactar al cliente en menos de 24 horas para resolver su caso y evitar la cancelación",
                     "alta"))
    if ces >= 50:
        first_contact = "Resolver en el primer contacto: sin transferencias ni visitas repetidas, con un responsable"
        todo.append((first_contact, "alta"))
    if not f.passed("oferta") and (ioc >= 40 or f.count("need")):
        todo.append(("Detectar necesidades y ofrecer un producto, plan o promoción adecuado", "alta" if ioc >= 60
                     else "media"))
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
    """The complete operative view, with evidence for every check and verbatim."""
    ird, ces, ioc = churn_risk(f), customer_effort(f), commercial_opportunity(f)
    reasons = justifications(f)
    quotes = verbatims(f)
    return {
        "IOC": {"score": ioc, "justificacion": reasons["IOC"]},
        "IRD": {"score": ird, "justificacion": reasons["IRD"]},
        "CES": {"score": ces, "justificacion": reasons["CES"]},
        "NPS_inferido": inferred_nps(f, ird, ces),
        "calidad_basica": {check: f.passed(check) for check in CHECKS},
        "evidencias": {
            "calidad_basica": {check: [_cita(s) for s in f.checks[check][:MAX_CHECK_QUOTES]] for check in CHECKS},
            "verbatims": {kind: [_cita(s) for s in sentences] for kind, sentences in quotes.items()},
        },
        "verbatims": {kind: [s.text for s in sentences] for kind, sentences in quotes.items()},
        "acciones_sugeridas": actions(f, ird, ces, ioc),
    }


def _cita(sentence: Sentence) -> dict[str, Any]:
    return cita(sentence.text, sentence.start, sentence.end)
