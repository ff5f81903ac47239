"""XLSX (XlsxWriter in constant-memory mode: each row is flushed to disk as written) and CSV exports."""
import csv

import xlsxwriter

from siete.reports import data

PROGRESS_EVERY = 1000


def _header_format(book):
    return book.add_format({"bold": True, "bg_color": "#DCE6F2", "border": 1})


def write_xlsx(path, title, company_name, columns, rows, on_progress, widths=None):
    """Rows go straight to disk; memory stays flat whatever the row count. Returns the row count."""
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "tmpdir": str(path.parent),
                                           "default_date_format": "yyyy-mm-dd hh:mm", "strings_to_urls": False})
    book.set_properties({"title": title, "company": company_name or "", "author": "Siete CX"})
    sheet = book.add_worksheet(title[:31])
    sheet.write_row(0, 0, [f"{company_name} · {title}" if company_name else title], book.add_format({"bold": True}))
    header = _header_format(book)
    sheet.write_row(2, 0, columns, header)
    for col, width in enumerate(widths or ()):
        sheet.set_column(col, col, width)
    count = 0
    for count, row in enumerate(rows, start=1):
        sheet.write_row(2 + count, 0, row)
        if count % PROGRESS_EVERY == 0:
            on_progress(count)
    sheet.freeze_panes(3, 1)
    book.close()
    return count


def write_csv(path, columns, rows, on_progress):
    """UTF-8 with a BOM (so spreadsheet programs read the accents), one header line; returns the row count."""
    count = 0
    with open(path, "w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out)
        writer.writerow(columns)
        for count, row in enumerate(rows, start=1):
            writer.writerow(["" if v is None else (v.isoformat(sep=" ", timespec="seconds") if hasattr(v, "isoformat")
                                                   else v) for v in row])
            if count % PROGRESS_EVERY == 0:
                on_progress(count)
    return count


EVALUATION_WIDTHS = (8, 17, 24, 20, 24, 12, 12, 7, 7, 7, 12, 9, 14, 9, 9, 14, 18)


def survey_table(survey, filters):
    """(columns, rows) of a survey export: one column per question of the current version, lists joined."""
    questions = survey.questions or []
    columns = ("Evaluación", "Fecha", "Campaña", "Zona", "Shopper", *(q.get("text", q["id"]) for q in questions))

    def rows():
        for eid, created, campaign, zone, shopper, answers in data.survey_rows(survey, filters):
            values = []
            for question in questions:
                value = answers.get(question["id"])
                if isinstance(value, list):
                    value = ", ".join(str(v) for v in value)
                elif isinstance(value, bool):
                    value = "Sí" if value else "No"
                values.append(value)
            yield (eid, created, campaign, zone, shopper, *values)

    return columns, rows()
