"""AI engine: transcribers and analyzers behind two small interfaces, with no Flask or Celery in sight."""

from siete.ai.analyzers import AnalysisContext, AnalysisResult, Analyzer, get_analyzer
from siete.ai.errors import AIError, PermanentAIError, TransientAIError
from siete.ai.schemas import OperativeViewSchema, validate_operative_view
from siete.ai.settings import analyzer_from_config, transcriber_from_config
from siete.ai.transcribers import Transcriber, get_transcriber
from siete.ai.transcript import Segment, Transcript

__all__ = [
    "AIError", "AnalysisContext", "AnalysisResult", "Analyzer", "OperativeViewSchema", "PermanentAIError", "Segment",
    "Transcriber", "Transcript", "TransientAIError", "analyzer_from_config", "get_analyzer", "get_transcriber",
    "transcriber_from_config", "validate_operative_view",
]
