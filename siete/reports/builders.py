"""One writer per report kind: (extension, content type, filename stem, write(path, filters, company, progress))."""
from dataclasses import dataclass
from typing import Callable

from siete.core.errors import Invalid
from siete.reports import campaign_pdf, data, evaluation_pdf, spreadsheets

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Builder:
    extension: str
    content_type: str
    stem: str
    write: Callable  # (path, filters, company_name, on_progress(percent)) -> rows written


def _evaluations(fmt):
    def write(path, filters, company_name, on_progress):
        total = max(data.count_evaluations(filters), 1)
        rows = data.evaluation_rows(filters)
        progress = lambda n: on_progress(5 + int(90 * n / total))  # noqa: E731
        if fmt == "xlsx":
            return spreadsheets.write_xlsx(path, "Evaluaciones", company_name, data.EVALUATION_COLUMNS, rows,
                                           progress, spreadsheets.EVALUATION_WIDTHS)
        return spreadsheets.write_csv(path, data.EVALUATION_COLUMNS, rows, progress)
    return write


def _survey(fmt):
    def write(path, filters, company_name, on_progress):
        survey = data.survey_of(filters)
        if survey is None:
            raise Invalid({"survey_id": ["Choose a survey, or a campaign that has one"]})
        total = max(data.count_survey_rows(survey, filters), 1)
        columns, rows = spreadsheets.survey_table(survey, filters)
        progress = lambda n: on_progress(5 + int(90 * n / total))  # noqa: E731
        if fmt == "xlsx":
            return spreadsheets.write_xlsx(path, f"Encuesta {survey.name}"[:31], company_name, columns, rows, progress)
        return spreadsheets.write_csv(path, columns, rows, progress)
    return write


BUILDERS = {
    "evaluation_pdf": Builder("pdf", "application/pdf", "informe-evaluacion", evaluation_pdf.write),
    "campaign_pdf": Builder("pdf", "application/pdf", "informe-campana", campaign_pdf.write),
    "evaluations_xlsx": Builder("xlsx", XLSX, "evaluaciones", _evaluations("xlsx")),
    "evaluations_csv": Builder("csv", "text/csv; charset=utf-8", "evaluaciones", _evaluations("csv")),
    "survey_xlsx": Builder("xlsx", XLSX, "encuesta", _survey("xlsx")),
    "survey_csv": Builder("csv", "text/csv; charset=utf-8", "encuesta", _survey("csv")),
}
