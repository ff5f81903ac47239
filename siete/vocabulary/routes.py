"""Transcription vocabulary endpoints: a company's own names that Whisper should expect."""
from flask.views import MethodView

from siete.core.api import Blueprint
from siete.core.roles import ADMINS
from siete.vocabulary import service
from siete.vocabulary.schemas import VocabularySchema, VocabularyUpdateSchema

blp = Blueprint("vocabulary", __name__, url_prefix="/api/v1/companies",
                description="Names passed to speech-to-text per company")


@blp.route("/<id:company_id>/vocabulary")
class CompanyVocabularyView(MethodView):
    @blp.roles(*ADMINS)
    @blp.response(200, VocabularySchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, company_id):
        """The company's transcription vocabulary and the prompt it gives"""
        return service.get_vocabulary(company_id)

    @blp.roles(*ADMINS)
    @blp.arguments(VocabularyUpdateSchema)
    @blp.response(200, VocabularySchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def put(self, data, company_id):
        """Replace the company's transcription vocabulary"""
        return service.update_vocabulary(company_id, data)
