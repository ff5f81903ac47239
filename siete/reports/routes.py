"""Report endpoints: request a report job, follow it, download it through a short-lived link; schedules."""
from flask import redirect, send_file
from flask.views import MethodView

from siete.core.api import Blueprint
from siete.core.pagination import SelectPage
from siete.core.roles import ADMINS, STAFF
from siete.reports import schedules, service
from siete.reports.schemas import (DownloadQueryArgsSchema, ReportQueryArgsSchema, ReportRequestSchema,
                                   ReportSchema, ScheduleCreateSchema, ScheduleSchema)

blp = Blueprint("reports", __name__, url_prefix="/api/v1/reports",
                description="PDF, XLSX and CSV reports built in the background, and their schedules")


@blp.route("")
class Reports(MethodView):
    @blp.roles(*STAFF)
    @blp.arguments(ReportQueryArgsSchema, location="query")
    @blp.response(200, ReportSchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, args):
        """List reports (admins: the company's; managers: their own)"""
        return service.list_reports(args)

    @blp.roles(*STAFF)
    @blp.arguments(ReportRequestSchema)
    @blp.response(202, ReportSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, data):
        """Request a report: it is built by a worker; follow its status and progress"""
        return service.request_report(data)


@blp.route("/<id:report_id>")
class ReportById(MethodView):
    @blp.roles(*STAFF)
    @blp.response(200, ReportSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, report_id):
        """A report's status and progress; once completed, a fresh short-lived download link"""
        return service.get_report(report_id)


@blp.route("/<id:report_id>/download")
class ReportDownload(MethodView):
    @blp.arguments(DownloadQueryArgsSchema, location="query")
    @blp.response(200, description="The file (or a redirect to the storage's own short-lived URL)")
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    @blp.alt_response(410, description="The link has expired")
    def get(self, args, report_id):
        """Download a report through its signed link (no login: the link is the credential)"""
        report, storage, url = service.open_download(report_id, args["token"])
        if url:
            return redirect(url, 302)
        return send_file(storage.open(report.storage_key), mimetype=report.content_type, as_attachment=True,
                         download_name=report.filename, max_age=0)


@blp.route("/schedules")
class Schedules(MethodView):
    @blp.roles(*ADMINS)
    @blp.response(200, ScheduleSchema(many=True))
    @blp.paginate(SelectPage)
    def get(self):
        """List report schedules"""
        return schedules.list_schedules()

    @blp.roles(*ADMINS)
    @blp.arguments(ScheduleCreateSchema)
    @blp.response(201, ScheduleSchema)
    def post(self, data):
        """Schedule a report weekly or monthly to chosen users of the company"""
        return schedules.create_schedule(data)


@blp.route("/schedules/<id:schedule_id>")
class ScheduleById(MethodView):
    @blp.roles(*ADMINS)
    @blp.response(200, ScheduleSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, schedule_id):
        """Get a report schedule"""
        return schedules.get_schedule(schedule_id)

    @blp.roles(*ADMINS)
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, schedule_id):
        """Stop a report schedule"""
        schedules.delete_schedule(schedule_id)
