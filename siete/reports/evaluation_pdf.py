"""The evaluation report: executive view, KPIs, every check and verbatim with its evidence quote and mm:ss."""
from pathlib import Path

from reportlab.lib.units import cm
from reportlab.platypus import Image, Table, TableStyle
from sqlalchemy import select

from siete.analysis.models import EvaluationAnalysis
from siete.campaigns.models import Campaign
from siete.core import tenancy
from siete.core.errors import Invalid
from siete.dashboard.models import QUALITY_CHECKS
from siete.evaluations.models import Evaluation
from siete.extensions import db
from siete.reports.data import CHECK_LABELS, STATUS_LABELS
from siete.reports.frames import still_frames
from siete.reports.pdfkit import CONTENT_WIDTH, SPACER, build, markdown, mmss, p, table
from siete.users.models import User
from siete.zones.models import Zone

KPI_LABELS = (("IOC", "Índice de oportunidad comercial"), ("IRD", "Índice de riesgo de deserción"),
              ("CES", "Esfuerzo del cliente (CES)"))
VERBATIM_LABELS = (("positivos", "Positivos"), ("negativos", "Negativos"), ("criticos", "Críticos"))
PRIORITY = {"alta": "Alta", "media": "Media", "baja": "Baja"}


def evidence(quotes):
    return "\n".join(f"«{q['cita']}» ({mmss(q.get('inicio'))}–{mmss(q.get('fin'))})" for q in quotes or ())


def _moments(proofs):
    """Every cited quote with its start, in the recording's order."""
    cited = []
    for group in ("calidad_basica", "verbatims"):
        for quotes in (proofs.get(group) or {}).values():
            cited += [q for q in quotes or () if q.get("inicio") is not None]
    seen, ordered = set(), []
    for quote in sorted(cited, key=lambda q: q["inicio"]):
        if (quote["cita"], quote["inicio"]) not in seen:
            seen.add((quote["cita"], quote["inicio"]))
            ordered.append(quote)
    return ordered


def _frames_section(evaluation, proofs, folder):
    """A still of the video at each cited moment (left out when the recording has no picture there)."""
    from siete.core.storage import get_storage

    quotes = _moments(proofs)
    frames = still_frames(get_storage(), evaluation.media_key, [q["inicio"] for q in quotes], folder)
    rows = []
    for quote in quotes:
        frame = frames.get(round(float(quote["inicio"]), 1))
        if frame is not None:
            rows.append([Image(str(frame), width=5 * cm, height=5 * cm, kind="proportional"),
                         p(f"{mmss(quote['inicio'])} «{quote['cita']}»", "cell")])
    if not rows:
        return []
    grid = Table(rows, colWidths=[5.4 * cm, CONTENT_WIDTH - 5.4 * cm])
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return [p("Momentos citados", "h1"), grid]


def write(path, filters, company_name, on_progress):
    evaluation = tenancy.get_or_404(Evaluation, filters["evaluation_id"])
    analysis = db.session.scalars(select(EvaluationAnalysis)
                                  .where(EvaluationAnalysis.evaluation_id == evaluation.id)).first()
    if analysis is None:
        raise Invalid({"evaluation_id": ["This evaluation has no analysis yet"]}, "This evaluation has no analysis yet")
    campaign, zone = db.session.get(Campaign, evaluation.campaign_id), db.session.get(Zone, evaluation.zone_id)
    shopper = db.session.get(User, evaluation.user_id)
    view = analysis.operative_view or {}
    proofs = view.get("evidencias") or {}
    title = f"Informe de evaluación #{evaluation.id}"
    story = [p(f"{company_name}", "small"), p(title, "title"), table(["Campaña", "Zona", "Shopper", "Fecha", "Duración",
                                                                      "Estado"], [[
        campaign.name if campaign else "", zone.name if zone else "", shopper.full_name if shopper else "",
        evaluation.created_at.strftime("%d/%m/%Y %H:%M"), mmss(evaluation.duration_seconds),
        STATUS_LABELS.get(evaluation.status, evaluation.status)]]), SPACER]
    story += [p("Resumen ejecutivo", "h1"), *markdown(analysis.executive_view)]
    on_progress(30)
    kpis = [[label, (view.get(key) or {}).get("score"), (view.get(key) or {}).get("justificacion")]
            for key, label in KPI_LABELS]
    kpis.append(["NPS inferido (0–10)", view.get("NPS_inferido"), ""])
    story += [p("Indicadores", "h1"), table(["Indicador", "Valor", "Justificación"], kpis,
                                            [5.5 * cm, 1.6 * cm, None])]
    checks = view.get("calidad_basica") or {}
    check_proofs = proofs.get("calidad_basica") or {}
    story += [p("Calidad básica", "h1"), table(["Criterio", "Cumple", "Evidencia (cita y momento)"], [
        [CHECK_LABELS[c], "Sí" if checks.get(c) else "No", evidence(check_proofs.get(c)) or "—"]
        for c in QUALITY_CHECKS], [3.2 * cm, 1.5 * cm, None])]
    on_progress(60)
    verbatims, verbatim_proofs = view.get("verbatims") or {}, proofs.get("verbatims") or {}
    rows = []
    for key, label in VERBATIM_LABELS:
        timed = verbatim_proofs.get(key) or []
        rows += [[label, f"«{q['cita']}»", f"{mmss(q.get('inicio'))}–{mmss(q.get('fin'))}"] for q in timed]
        if not timed:
            rows += [[label, f"«{text}»", "—"] for text in verbatims.get(key) or ()]
    story += [p("Verbatims", "h1"), table(["Tipo", "Cita", "Momento"], rows or [["—", "Sin verbatims", ""]],
                                          [2.4 * cm, None, 2.6 * cm])]
    actions = view.get("acciones_sugeridas") or []
    if actions:
        story += [p("Acciones sugeridas", "h1"), table(["Prioridad", "Acción"], [
            [PRIORITY.get(a.get("prioridad"), a.get("prioridad")), a.get("accion")] for a in actions],
            [2.4 * cm, CONTENT_WIDTH - 2.4 * cm])]
    story += _frames_section(evaluation, proofs, Path(path).parent)
    on_progress(80)
    story += [SPACER, p(f"Análisis: {analysis.provider or ''} {analysis.model or ''}. Las citas se verificaron contra "
                        "la transcripción; el momento es el del segmento donde se dicen.", "small")]
    build(path, title, company_name, story)
    on_progress(95)
    return 1
