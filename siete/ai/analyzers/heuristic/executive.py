"""Writes the Spanish executive view (markdown, the seed's sections) from the heuristic findings."""

from __future__ import annotations

from typing import Any

from siete.ai.analyzers.base import AnalysisContext
from siete.ai.analyzers.heuristic.findings import Findings
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


def _level(score: int, feminine: bool = False) -> str:
    word = "alto" if score >= 60 else "medio" if score >= 30 else "bajo"
    return word[:-1] + "a" if feminine else word


def _nps_band(nps: int) -> str:
    return "promotor" if nps >= 9 else "pasivo" if nps >= 7 else "detractor"


def _clock(seconds: float) -> str:
    return f"{int(seconds) // 60:02d}:{int(seconds) % 60:02d}"


def _five(flag: bool) -> int:
    return 5 if flag else 1


def executive_view(transcript: Transcript, findings: Findings, view: dict[str, Any],
                   context: AnalysisContext) -> str:
    """Markdown with the ten sections of the Vista Ejecutiva."""
    ioc, ird, ces, nps = view["IOC"]["score"], view["IRD"]["score"], view["CES"]["score"], view["NPS_inferido"]
    checks = view["calidad_basica"]
    met = [check for check in CHECKS if checks[check]]
    missed = [check for check in CHECKS if not checks[check]]
    positives, negatives = findings.count("positive"), sum(findings.count(c) for c in ("complaint", "refusal",
                                                                                       "threat", "wait"))
    where = " · ".join(part for part in (context.company_name, context.campaign_name) if part)
    summary = (f"Interacción{f' ({where})' if where else ''} de {_clock(transcript.duration)} minutos. Se cumplieron "
               f"{len(met)} de 5 criterios de calidad básica. Riesgo de deserción {_level(ird)} (IRD {ird}/100), "
               f"esfuerzo del cliente {_level(ces)} (CES {ces}/100) y oportunidad comercial {_level(ioc, True)} "
               f"(IOC {ioc}/100). NPS inferido {nps}/10 ({_nps_band(nps)}).")
    if context.survey_lines():
        summary += f" El evaluador respondió {len(context.survey_lines())} preguntas de la encuesta."
    quotes = [(e["inicio"], e["cita"]) for kind in ("criticos", "negativos", "positivos")
              for e in view["evidencias"]["verbatims"][kind]]
    quotes += [(e["inicio"], e["cita"]) for check in met for e in view["evidencias"]["calidad_basica"][check][:1]]
    fragments = [f"- [{_clock(start)}] «{text}»" for start, text in sorted(set(quotes))[:8]] or [
        "- No se identificaron fragmentos destacados."]
    tone = ("positivo" if positives and not negatives else "negativo" if negatives > positives
            else "mixto" if positives and negatives else "neutral")
    table = ["| Dimensión | Puntaje (1-5) |", "|---|---|"]
    table += [f"| {CHECK_LABELS[check]} | {_five(checks[check])} |" for check in CHECKS]
    table += [f"| Experiencia general | {max(1, min(5, round(nps / 2)))} |",
              f"| Facilidad (inverso del esfuerzo) | {max(1, min(5, 5 - ces // 25))} |"]
    good = [f"- {CHECK_LABELS[check]}: cumplido." for check in met]
    good += [f"- El cliente expresa satisfacción: «{text}»" for text in view["verbatims"]["positivos"][:2]]
    improve = [f"- {CHECK_LABELS[check]}: no se observó." for check in missed]
    improve += [f"- {text}" for text in (view["IRD"]["justificacion"], view["CES"]["justificacion"])
                if text.startswith("Detectado")]
    training = [f"- {TRAINING[check]}" for check in missed]
    if ces >= 50:
        training.append("- Resolución en el primer contacto y manejo de casos sin transferencias.")
    if ird >= 60:
        training.append("- Manejo de clientes molestos y retención ante amenazas de cancelación.")
    impact = (f"Riesgo {_level(ird)} de perder al cliente"
              + (" (amenaza explícita de cancelar o irse a la competencia)" if findings.count("threat") else "")
              + f"; oportunidad comercial {_level(ioc, True)}"
              + (" aprovechada con una oferta" if checks["oferta"] else " no aprovechada") + ".")
    body = {
        EXECUTIVE_SECTIONS[0]: [summary],
        EXECUTIVE_SECTIONS[1]: fragments,
        EXECUTIVE_SECTIONS[2]: [f"- {topic}" for topic in findings.topics] or ["- Consulta general."],
        EXECUTIVE_SECTIONS[3]: [(f"Tono {tone}: {positives} expresiones de satisfacción y {negatives} de "
                                "insatisfacción, espera o amenaza.")],
        EXECUTIVE_SECTIONS[4]: table,
        EXECUTIVE_SECTIONS[5]: good or ["- No se observaron buenas prácticas destacables."],
        EXECUTIVE_SECTIONS[6]: improve or ["- Sin oportunidades de mejora relevantes."],
        EXECUTIVE_SECTIONS[7]: training or ["- Mantener el estándar actual y compartirlo como referencia."],
        EXECUTIVE_SECTIONS[8]: [f"{nps}/10 — {_nps_band(nps)}."],
        EXECUTIVE_SECTIONS[9]: [impact],
    }
    return "\n\n".join(f"## {title}\n\n" + "\n".join(lines) for title, lines in body.items()) + "\n"
