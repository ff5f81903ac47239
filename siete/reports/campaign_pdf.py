"""The campaign (or company) report: summary, the dashboard's charts, per zone / shopper / criterion, worst
verbatims and trends — read through the dashboard's own service, so its numbers are the dashboard's."""
import io

from reportlab.lib.units import cm
from reportlab.platypus import Image
from sqlalchemy import select

from siete.analysis.models import EvaluationAnalysis
from siete.campaigns.models import Campaign
from siete.core import tenancy
from siete.dashboard import service as dashboard
from siete.dashboard.models import QUALITY_CHECKS
from siete.evaluations.models import Evaluation
from siete.extensions import db
from siete.reports import charts
from siete.reports.data import CHECK_LABELS, _day, _where_period
from siete.reports.pdfkit import CONTENT_WIDTH, SPACER, build, mmss, p, table
from siete.reports.evaluation_pdf import VERBATIM_LABELS

WORST = 10


def _image(png, height_cm):
    return Image(io.BytesIO(png), width=CONTENT_WIDTH, height=height_cm * cm)


def _args(filters):
    return {k: (_day(v) if k.startswith("date_") else v) for k, v in filters.items()
            if k in ("date_from", "date_to", "campaign_id", "zone_id") and v is not None}


def _fmt(value):
    return "—" if value is None else f"{value:g}"


def _worst_verbatims(filters, limit=WORST):
    """The negative and critical quotes of the analyses with the highest churn risk."""
    ird = EvaluationAnalysis.operative_view["IRD"]["score"].as_integer()
    stmt = (select(EvaluationAnalysis.evaluation_id, ird, EvaluationAnalysis.operative_view)
            .join(Evaluation, Evaluation.id == EvaluationAnalysis.evaluation_id)
            .order_by(ird.desc().nulls_last(), EvaluationAnalysis.evaluation_id).limit(limit * 3))
    for field in ("campaign_id", "zone_id"):
        if filters.get(field):
            stmt = stmt.where(getattr(Evaluation, field) == filters[field])
    rows = []
    for evaluation_id, score, view in db.session.execute(_where_period(stmt, Evaluation.created_at, filters)):
        timed = ((view or {}).get("evidencias") or {}).get("verbatims") or {}
        for key, label in VERBATIM_LABELS[::-1][:2]:  # críticos, then negativos
            for quote in timed.get(key) or [{"cita": t} for t in ((view or {}).get("verbatims") or {}).get(key, [])]:
                rows.append([f"#{evaluation_id}", label, score, f"«{quote['cita']}»",
                             mmss(quote["inicio"]) if "inicio" in quote else "—"])
    return rows[:limit]


def write(path, filters, company_name, on_progress):
    args = _args(filters)
    campaign = tenancy.get_or_404(Campaign, args["campaign_id"]) if args.get("campaign_id") else None
    summary = dashboard.dashboard(args)
    on_progress(20)
    title = f"Informe de campaña: {campaign.name}" if campaign else "Informe de la empresa"
    period = f"{args.get('date_from', 'inicio')} a {args.get('date_to', 'hoy')}"
    kpis, quality = summary.get("kpis") or {}, summary.get("quality") or {}
    story = [p(company_name, "small"), p(title, "title"), p(f"Periodo: {period}", "small"), SPACER,
             p("Resumen", "h1"),
             table(["Enviadas", "Completadas", "Fallidas", "En proceso", "Verbatims críticos"],
                   [[summary.get("submitted", 0), summary.get("completed", 0), summary.get("failed", 0),
                     summary.get("in_progress", 0), summary.get("critical_verbatims", 0)]]), SPACER,
             table(["IOC", "IRD", "CES", "NPS inferido"],
                   [[_fmt(kpis.get("IOC")), _fmt(kpis.get("IRD")), _fmt(kpis.get("CES")), _fmt(kpis.get("NPS_inferido"))]])]
    zones = summary.get("by_zone") or []
    if zones:
        story += [p("Indicadores por zona", "h1"), _image(charts.grouped_bars(
            "IOC, IRD y CES por zona", [z["name"] for z in zones],
            {k: [z["kpis"].get(k) for z in zones] for k in ("IOC", "IRD", "CES")}), 6.5),
            table(["Zona", "Enviadas", "Completadas", "IOC", "IRD", "CES", "NPS"],
                  [[z["name"], z["submitted"], z["completed"], *(_fmt(z["kpis"].get(k)) for k in
                                                                ("IOC", "IRD", "CES", "NPS_inferido"))] for z in zones])]
    on_progress(45)
    story += [p("Calidad básica por criterio", "h1"), _image(charts.bars(
        "% de evaluaciones que cumplen cada criterio", [CHECK_LABELS[c] for c in QUALITY_CHECKS],
        [quality.get(c) for c in QUALITY_CHECKS]), 5.5),
        table(["Criterio", "% cumple"], [[CHECK_LABELS[c], _fmt(quality.get(c))] for c in QUALITY_CHECKS])]
    leaders = summary.get("leaderboard") or []
    story += [p("Por shopper", "h1"), table(["Shopper", "Enviadas", "Completadas"], [
        [row["name"], row["submitted"], row["completed"]] for row in leaders] or [["—", 0, 0]])]
    on_progress(60)
    worst = _worst_verbatims(args)
    story += [p("Peores verbatims", "h1"), table(["Evaluación", "Tipo", "IRD", "Cita", "Momento"], worst or [
        ["—", "", "", "Sin verbatims negativos en el periodo", ""]], [2.2 * cm, 1.9 * cm, 1.2 * cm, None, 1.8 * cm])]
    trend = dashboard.trends({**args, "kpi": "nps", "interval": "week"})["series"]
    volume = dashboard.trends({**args, "kpi": "submitted", "interval": "week"})["series"]
    on_progress(80)
    story += [p("Tendencias semanales", "h1")]
    if trend:
        story.append(_image(charts.line("NPS inferido por semana", [str(s["period"]) for s in trend],
                                        [s["value"] for s in trend], ylim=10), 5.5))
    story.append(table(["Semana", "Evaluaciones", "NPS inferido"], [
        [str(v["period"]), v["value"], _fmt(next((t["value"] for t in trend if t["period"] == v["period"]), None))]
        for v in volume] or [["—", 0, "—"]]))
    build(path, title, company_name, story)
    on_progress(95)
    return summary.get("submitted", 0)
