"""Writes the Spanish executive view (markdown, the seed's sections) from the heuristic findings."""

from __future__ import annotations

from typing import Any

from siete.ai.analyzers.base import AnalysisContext
from siete.ai.analyzers.consistency import risk_level
from siete.ai.analyzers.heuristic.findings import Findings
from siete.ai.analyzers.heuristic.scoring import NOT_ENOUGH
from siete.ai.prompts import EXECUTIVE_SECTIONS
from siete.ai.schemas import CHECKS
from siete.ai.transcript import Transcript

CHECK_LABELS = {"saludo": "Saludo", "identificacion": "Identificación", "oferta": "Oferta de producto",
                "cierre": "Cierre", "valor_agregado": "Valor agregado"}
TRAINING = {"saludo": "Protocolo de bienvenida: saludar y dar la bienvenida en los primeros segundos.",
            "identificacion": "Presentación personal: decir el nombre para generar confianza.",
            "oferta": "Venta consultiva: detectar la necesidad y ofrecer el plan o la promoción adecuada.",
            "cierre": "Cierre de la atención: confirmar si necesita algo más, agradecer y despedirse.",
            "valor_agregado": "Servicio proactivo: dar un consejo o ayuda adicional que el cliente no pidió."}
WHO = {"empleado": "Empleado", "cliente": "Cliente", "desconocido": "Sin identificar"}


def _opportunity(score: int) -> str:
    return "alta" if score >= 60 else "media" if score >= 30 else "baja"


def _effort(score: int) -> str:
    return "alto" if score >= 60 else "medio" if score >= 30 else "bajo"


def _nps_band(nps: int) -> str:
    return "promotor" if nps >= 9 else "pasivo" if nps >= 7 else "detractor"


def _clock(seconds: float) -> str:
    return f"{int(seconds) // 60:02d}:{int(seconds) % 60:02d}"


def duration_text(seconds: float) -> str:
    """'45 segundos', '1 minuto 6 segundos', '3 minutos'."""
    total = round(seconds)
    minutes, rest = divmod(total, 60)
    parts = ([f"{minutes} minuto{'s' if minutes != 1 else ''}"] if minutes else []) + (
        [f"{rest} segundo{'s' if rest != 1 else ''}"] if rest or not minutes else [])
    return " ".join(parts)


def _five(flag: bool) -> int:
    return 5 if flag else 1


def executive_view(transcript: Transcript, findings: Findings, view: dict[str, Any],
                   context: AnalysisContext) -> str:
    """Markdown with the ten sections of the Vista Ejecutiva; every quote says who said it."""
    where = " · ".join(part for part in (context.company_name, context.campaign_name) if part)
    length = duration_text(transcript.duration or max((s.end for s in transcript.segments), default=0.0))
    if not findings.evaluable:
        return _not_enough(where, length)
    ioc, ird, ces, nps = view["IOC"]["score"], view["IRD"]["score"], view["CES"]["score"], view["NPS_inferido"]
    checks = view["calidad_basica"]
    met = [check for check in CHECKS if checks[check]]
    missed = [check for check in CHECKS if not checks[check]]
    positives = findings.count("satisfaction")
    negatives = findings.count("complaint") + findings.count("churn")
    summary = (f"Interacción{f' ({where})' if where else ''} de {length}. Se cumplieron {len(met)} de 5 criterios "
               f"de calidad básica. Riesgo de deserción {risk_level(ird)} (IRD {ird}/100), esfuerzo del cliente "
               f"{_effort(ces)} (CES {ces}/100) y oportunidad comercial {_opportunity(ioc)} (IOC {ioc}/100). "
               f"NPS inferido {nps}/10 ({_nps_band(nps)}).")
    if findings.count("churn"):
        summary += " El cliente expresó su intención de irse o cancelar: requiere atención inmediata."
    if context.survey_lines():
        summary += f" El evaluador respondió {len(context.survey_lines())} preguntas de la encuesta."
    quotes = [e for kind in ("criticos", "negativos", "positivos") for e in view["evidencias"]["verbatims"][kind]]
    quotes += [view["evidencias"]["calidad_basica"][check][0] for check in met
               if view["evidencias"]["calidad_basica"][check]]
    unique = {(e["inicio"], e["cita"]): e for e in quotes}
    fragments = [f"- [{_clock(e['inicio'])}] {WHO[e['rol']]}: «{e['cita']}»" for _, e in sorted(unique.items())[:8]]
    tone = ("positivo" if positives and not negatives else "negativo" if negatives > positives
            else "mixto" if positives and negatives else "neutral")
    table = ["| Dimensión | Puntaje (1-5) |", "|---|---|"]
    table += [f"| {CHECK_LABELS[check]} | {_five(checks[check])} |" for check in CHECKS]
    table += [f"| Experiencia general | {max(1, min(5, round(nps / 2)))} |",
              f"| Facilidad (inverso del esfuerzo) | {max(1, min(5, 5 - ces // 25))} |"]
    good = [f"- {CHECK_LABELS[check]}: cumplido (empleado: «{view['evidencias']['calidad_basica'][check][0]['cita']}»)."
            if view["evidencias"]["calidad_basica"][check] else f"- {CHECK_LABELS[check]}: cumplido." for check in met]
    good += [f"- El cliente expresa satisfacción: «{e['cita']}»" for e in view["evidencias"]["verbatims"]["positivos"][:2]
             if e["rol"] == "cliente"]
    improve = [f"- {CHECK_LABELS[check]}: no se observó." for check in missed]
    improve += [f"- El cliente se queja: «{e['cita']}»" for e in view["evidencias"]["verbatims"]["negativos"][:2]]
    training = [f"- {TRAINING[check]}" for check in missed]
    if ces >= 50:
        training.append("- Resolución en el primer contacto y manejo de casos sin transferencias.")
    if risk_level(ird) != "bajo":
        training.append("- Manejo de clientes molestos y retención ante amenazas de cancelación.")
    impact = (f"Riesgo {risk_level(ird)} de perder al cliente"
              + (" (intención explícita de irse, cancelar o llevarse su negocio)" if findings.count("churn") else "")
              + f"; oportunidad comercial {_opportunity(ioc)}"
              + (" aprovechada con una oferta" if checks["oferta"] else " no aprovechada") + ".")
    body = {
        EXECUTIVE_SECTIONS[0]: [summary],
        EXECUTIVE_SECTIONS[1]: fragments or ["- No se identificaron fragmentos destacados."],
        EXECUTIVE_SECTIONS[2]: [f"- {topic}" for topic in findings.topics] or ["- Consulta general."],
        EXECUTIVE_SECTIONS[3]: [(f"Tono {tone}: {positives} expresiones de satisfacción y {negatives} de "
                                "insatisfacción o intención de irse, dichas por el cliente.")],
        EXECUTIVE_SECTIONS[4]: table,
        EXECUTIVE_SECTIONS[5]: good or ["- No se observaron buenas prácticas destacables."],
        EXECUTIVE_SECTIONS[6]: improve or ["- Sin oportunidades de mejora relevantes."],
        EXECUTIVE_SECTIONS[7]: training or ["- Mantener el estándar actual y compartirlo como referencia."],
        EXECUTIVE_SECTIONS[8]: [f"{nps}/10 — {_nps_band(nps)}."],
        EXECUTIVE_SECTIONS[9]: [impact],
    }
    return _markdown(body)


def _not_enough(where: str, length: str) -> str:
    """The stated outcome for a recording too short to judge."""
    note = (f"Grabación{f' ({where})' if where else ''} de {length}. {NOT_ENOUGH} No se juzgan los criterios "
            "de calidad ni los índices; repita la evaluación con una grabación de toda la interacción.")
    body = {section: ["- No aplica: no hay suficiente conversación."] for section in EXECUTIVE_SECTIONS}
    body[EXECUTIVE_SECTIONS[0]] = [note]
    body[EXECUTIVE_SECTIONS[8]] = ["Sin evaluar: no hay suficiente conversación."]
    return _markdown(body)


def _markdown(body: dict[str, list[str]]) -> str:
    return "\n\n".join(f"## {title}\n\n" + "\n".join(lines) for title, lines in body.items()) + "\n"
