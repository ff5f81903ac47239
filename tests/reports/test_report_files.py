"""Real files read back: the evaluation PDF's text, the XLSX through openpyxl, the CSV, survey exports."""
import csv
import io

import openpyxl
from pypdf import PdfReader

from tests.factories import auth_headers
from tests.reports.conftest import download


def _text(pdf_bytes):
    reader = PdfReader(io.BytesIO(pdf_bytes))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split()), reader


def test_evaluation_pdf_holds_the_summary_and_every_quote_with_its_mmss(world, built, client):
    evaluation, quotes = world["evaluations"][1]
    report = built(world["admin"], kind="evaluation_pdf", evaluation_id=evaluation.id)
    answer = download(client, report)
    assert answer.mimetype == "application/pdf"
    text, reader = _text(answer.data)
    assert "Banco Caribe" in text and f"Informe de evaluación #{evaluation.id}" in text
    assert "La asesora saludó con cortesía y ofreció la tarjeta Oro." in text
    assert "Faltó confirmar la identificación del cliente." in text
    for label in ("Saludo", "Identificación", "Oferta", "Cierre", "Valor agregado"):
        assert label in text
    greet, offer, complaint = quotes
    assert f"«{greet['cita']}» (00:03–00:05)" in text
    assert f"«{offer['cita']}» (01:05–01:10)" in text
    assert f"«{complaint['cita']}»" in text and "02:05–02:08" in text
    assert "Reducir el tiempo de espera en caja" in text
    assert report["rows"] == 1 and report["size_bytes"] == len(answer.data)


def test_evaluation_pdf_of_an_evaluation_without_analysis_fails_with_a_reason(world, built):
    report = built(world["admin"], kind="evaluation_pdf", evaluation_id=world["pending"].id)
    assert report["status"] == "failed" and "no analysis" in report["error_message"]


def _api_list(client, user, **filters):
    query = "&".join(f"{k}={v}" for k, v in filters.items())
    answer = client.get(f"/api/v1/evaluations?page_size=100&{query}", headers=auth_headers(user))
    assert answer.status_code == 200
    return answer.json


def test_xlsx_rows_equal_the_api_list_for_the_same_filters(world, built, client):
    filters = {"campaign_id": world["campaign"].id, "date_from": "2026-11-20", "date_to": "2026-11-30"}
    report = built(world["admin"], kind="evaluations_xlsx", **filters)
    book = openpyxl.load_workbook(io.BytesIO(download(client, report).data), read_only=True)
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Banco Caribe · Evaluaciones"
    header, body = rows[2], rows[3:]
    assert header[:6] == ("ID", "Fecha", "Campaña", "Zona", "Shopper", "Estado")
    listed = _api_list(client, world["admin"], **filters)
    assert [r[0] for r in body] == [e["id"] for e in listed]
    assert len(body) == report["rows"] == 4
    by_id = {r[0]: dict(zip(header, r)) for r in body}
    critical = by_id[world["evaluations"][1][0].id]
    assert (critical["IRD"], critical["IOC"], critical["NPS inferido"], critical["Saludo"],
            critical["Identificación"]) == (85, 72, 7, "Sí", "No")
    assert by_id[world["pending"].id]["Estado"] == "pendiente" and by_id[world["pending"].id]["IRD"] is None
    assert all(r[2] == "Sucursales Q4" and r[4] == "Ana Pérez" for r in body)


def test_a_managers_export_holds_only_their_campaigns(world, built, client):
    report = built(world["manager"], kind="evaluations_csv")
    rows = list(csv.reader(io.StringIO(download(client, report).data.decode("utf-8-sig"))))
    assert [int(r[0]) for r in rows[1:]] == [e["id"] for e in _api_list(client, world["manager"])]
    assert {r[2] for r in rows[1:]} == {"Sucursales Q4"}


def test_csv_rows_equal_the_api_list(world, built, client):
    report = built(world["admin"], kind="evaluations_csv", zone_id=world["zone"].id)
    answer = download(client, report)
    assert answer.mimetype == "text/csv"
    assert answer.data.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheet programs read the accents
    rows = list(csv.reader(io.StringIO(answer.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["ID", "Fecha", "Campaña"]
    assert [int(r[0]) for r in rows[1:]] == [e["id"] for e in _api_list(client, world["admin"],
                                                                         zone_id=world["zone"].id)]
    critical = next(r for r in rows[1:] if int(r[0]) == world["evaluations"][1][0].id)
    assert critical[rows[0].index("IRD")] == "85" and critical[rows[0].index("Saludo")] == "Sí"


def test_survey_exports_have_one_column_per_question(world, built, client):
    xlsx = built(world["admin"], kind="survey_xlsx", campaign_id=world["campaign"].id)
    rows = list(openpyxl.load_workbook(io.BytesIO(download(client, xlsx).data)).active.iter_rows(values_only=True))
    assert rows[2] == ("Evaluación", "Fecha", "Campaña", "Zona", "Shopper", "¿Recomendaría la sucursal?",
                       "Comentario")
    answers = {r[0]: (r[5], r[6]) for r in rows[3:]}
    assert answers == {e.id: (9 - i, f"Atención {i}") for i, (e, _q) in enumerate(world["evaluations"])}
    report = built(world["admin"], kind="survey_csv", survey_id=world["survey"].id)
    lines = list(csv.reader(io.StringIO(download(client, report).data.decode("utf-8-sig"))))
    assert len(lines) == 4 and lines[0][5] == "¿Recomendaría la sucursal?"


def test_campaign_pdf_has_the_charts_and_sections(world, built, client):
    report = built(world["admin"], kind="campaign_pdf", campaign_id=world["campaign"].id)
    text, reader = _text(download(client, report).data)
    assert "Banco Caribe" in text and "Informe de campaña: Sucursales Q4" in text
    for section in ("Resumen", "Calidad básica por criterio", "Por shopper", "Peores verbatims",
                    "Tendencias semanales"):
        assert section in text
    assert "«Llevo cuarenta minutos esperando 1»" in text  # the worst churn risk's complaint comes first
    assert text.index("esperando 1»") < text.index("esperando 2»")
    assert sum(len(page.images) for page in reader.pages) >= 1  # matplotlib charts embedded


def test_evaluation_pdf_shows_a_still_of_the_video_at_each_cited_moment(world, built, client):
    from siete.core.storage import get_storage
    from tests.factories import EvaluationAnalysisFactory, EvaluationFactory
    from tests.fakes.media import fixture_path
    from tests.reports.conftest import SUMMARY, operative_view

    evaluation = EvaluationFactory(company=world["company"], campaign=world["campaign"], zone=world["zone"],
                                   user=world["shopper"], status="completed")
    with open(fixture_path("good_service"), "rb") as stream:
        get_storage().save(evaluation.media_key, stream)
    quotes = ({"cita": "Buenos días", "inicio": 2.0, "fin": 3.0}, {"cita": "Le ofrezco la tarjeta", "inicio": 20.5,
                                                                   "fin": 23.0},
              {"cita": "Después del final", "inicio": 400.0, "fin": 401.0})  # past the recording's end
    EvaluationAnalysisFactory(company=world["company"], evaluation=evaluation, executive_view=SUMMARY,
                              operative_view=operative_view(30, quotes))
    report = built(world["admin"], kind="evaluation_pdf", evaluation_id=evaluation.id)
    text, reader = _text(download(client, report).data)
    assert "Momentos citados" in text and "00:02 «Buenos días»" in text and "00:20 «Le ofrezco la tarjeta»" in text
    assert "06:40 «Después del final»" not in text
    assert sum(len(page.images) for page in reader.pages) == 2
