"""The pipeline's steps. Each one skips work whose output is stored, and stores its output before returning."""
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from siete.ai import AnalysisContext, Transcript, analyzer_from_config, transcriber_from_config
from siete.ai.diarization import diarize_from_config
from siete.analysis.models import EvaluationAnalysis
from siete.campaigns.models import Campaign
from siete.companies.models import Company
from siete.core.faults import Fault
from siete.core.models import utcnow
from siete.extensions import db
from siete.media import cut_short, extract_audio, probe, real_end
from siete.scorecards.service import rescore, scorecard_for_analysis
from siete.core.storage import get_storage
from siete.surveys.service import answers_of
from siete.vocabulary.service import vocabulary_for



class StepFailed(Fault):
    """A permanent fault: the evaluation fails with this code and a message a user understands."""


def _analysis_of(evaluation):
    """The evaluation's analysis row as stored now (a duplicate delivery may have written it meanwhile)."""
    return db.session.scalars(
        select(EvaluationAnalysis).where(EvaluationAnalysis.evaluation_id == evaluation.id)
        .execution_options(populate_existing=True)
    ).first()


def fetch_media(evaluation):
    """Make the recording available in storage (direct uploads already are; Stream audio is downloaded)."""
    storage = get_storage()
    if evaluation.media_key and storage.exists(evaluation.media_key):
        evaluation.fetched_at = evaluation.fetched_at or utcnow()
        db.session.commit()
        return
    if not evaluation.stream_uid:
        raise StepFailed("media_missing", "The uploaded video is no longer in storage")
    from siete.cloudflare.client import stream_client

    key = f"companies/{evaluation.company_id}/evaluations/{evaluation.id}/stream-audio.m4a"
    with _work_dir() as work:
        path = stream_client().download_audio(evaluation.stream_uid, f"{work}/audio.m4a")
        with open(path, "rb") as stream:
            storage.save(key, stream)
    evaluation.media_key, evaluation.fetched_at = key, utcnow()
    db.session.commit()


def extract(evaluation):
    """Probe the recording and store its audio track (stream copy when possible, else small mono mp3)."""
    storage = get_storage()
    if evaluation.audio_key and storage.exists(evaluation.audio_key):
        return
    with storage.local_copy(evaluation.media_key) as source, _work_dir() as work:
        info = _probe_whole(source)
        audio = extract_audio(source, work, info=info)
        if audio.duration < COMPLETE * info.duration - 1 and real_end(source) < COMPLETE * info.duration - 1:
            raise StepFailed("truncated_media", f"data ends before the declared {info.duration:.0f} s")
        key = f"companies/{evaluation.company_id}/evaluations/{evaluation.id}/audio{Path(audio.path).suffix}"
        with open(audio.path, "rb") as stream:
            storage.save(key, stream)
    evaluation.audio_key = key
    evaluation.duration_seconds = info.duration
    evaluation.extracted_at = utcnow()
    db.session.commit()


COMPLETE = 0.9  # a container whose data ends before this share of its declared length was cut short in transit


def _probe_whole(source):
    """Probe a recording that must be whole: boxes that claim more bytes than the file holds, or data that ends
    well before the declared length, mean truncated_media (a short audio track in a complete file does not)."""
    if cut_short(source):
        raise StepFailed("truncated_media", "the file's boxes claim more bytes than it holds")
    return probe(source)


def transcribe(evaluation):
    """Transcribe the stored audio, hinted with the names it may contain, into the evaluation's (single)
    analysis row."""
    analysis = _analysis_of(evaluation)
    if analysis is not None and analysis.transcript is not None:
        return
    config = current_app.config
    audio_key, vocabulary = evaluation.audio_key, vocabulary_for(evaluation)
    _release_connection()
    with get_storage().local_copy(audio_key) as audio_path:
        heard = require_enough_speech(transcriber_from_config(config).transcribe(audio_path, vocabulary), config)
        transcript = diarize_from_config(config, audio_path, heard)
    analysis = _analysis_of(evaluation)
    if analysis is not None and analysis.transcript is not None:
        return  # a duplicate delivery stored it first
    if analysis is None:
        analysis = EvaluationAnalysis(company_id=evaluation.company_id, evaluation_id=evaluation.id)
        db.session.add(analysis)
    analysis.transcript = transcript.to_dict()
    analysis.transcript_text = transcript.text
    analysis.language = transcript.language
    analysis.transcriber = config["TRANSCRIBER"]
    evaluation.transcribed_at = utcnow()
    db.session.commit()


def require_enough_speech(transcript, config):
    """Too little recognised speech (MIN_SPEECH_SECONDS voiced, MIN_SPEECH_WORDS words) to judge an interaction
    fails as too_little_speech, before any analysis invents findings from a greeting."""
    words = len(transcript.text.split())
    # A transcriber without timestamps (gpt-4o-transcribe) is judged by its words alone.
    voiced = sum(max(0.0, s.end - s.start) for s in transcript.segments) if transcript.segments else float("inf")
    if voiced < config["MIN_SPEECH_SECONDS"] or words < config["MIN_SPEECH_WORDS"]:
        raise StepFailed("too_little_speech", f"{voiced:.1f} s of speech, {words} words")
    return transcript


def _context(evaluation, criteria=()):
    from siete.prompts.service import effective_prompt

    company = db.session.get(Company, evaluation.company_id)
    campaign = db.session.get(Campaign, evaluation.campaign_id)
    questions, given = answers_of(evaluation.id)
    answers = None
    if given:
        texts = {q["id"]: q["text"] for q in questions}
        answers = [{"pregunta": texts.get(qid, qid), "respuesta": value} for qid, value in given.items()]
    prompt = effective_prompt(evaluation.company_id)
    prompt_text = None if prompt["source"] == "built-in" else prompt["content"]
    return AnalysisContext(company_name=company.name if company else "", campaign_name=campaign.name if campaign else "",
                           survey_answers=answers, prompt_text=prompt_text, prompt_version=prompt["version"],
                           criteria=tuple(criteria))


def analyze(evaluation):
    """Run the dual analysis once; the operative view is validated by the analyzer."""
    analysis = _analysis_of(evaluation)
    if analysis is None or analysis.transcript is None:
        raise StepFailed("transcript_missing", "The transcript is missing; reprocess the evaluation")
    if analysis.operative_view is not None:
        return analysis
    scorecard, criteria = scorecard_for_analysis(evaluation.company_id, evaluation.campaign_id)
    transcript, context = Transcript.from_dict(analysis.transcript), _context(evaluation, criteria)
    _release_connection()
    result = analyzer_from_config(current_app.config).analyze(transcript, context)
    analysis = _analysis_of(evaluation)
    if analysis.operative_view is not None:
        return analysis  # a duplicate delivery stored it first
    analysis.analysis = result.to_dict()
    analysis.executive_view = result.executive_view
    analysis.operative_view = {"criterios": {}, **result.operative_view}
    analysis.critical_count = len((result.operative_view.get("verbatims") or {}).get("criticos") or [])
    analysis.scorecard_version = scorecard["version"]
    rescore(analysis)
    analysis.provider, analysis.model, analysis.prompt_version = result.provider, result.model, result.prompt_version
    analysis.prompt_tokens = result.usage.get("prompt_tokens")
    analysis.completion_tokens = result.usage.get("completion_tokens")
    evaluation.analyzed_at = utcnow()
    db.session.commit()
    return analysis


def _release_connection():
    """End the read transaction before a long AI call, so the thread does not hold a pooled connection for
    seconds (16 ai threads would need 16 connections idle in transaction); the rows are read again after."""
    db.session.commit()


@contextmanager
def _work_dir():
    with tempfile.TemporaryDirectory(prefix="siete-", dir=current_app.config.get("MEDIA_WORK_DIR")) as path:
        yield path



CRITICAL_IRD = 70


def review_required(company_id):
    """The company's setting, read when the chain ends: a finished analysis waits for a reviewer, or goes out."""
    return bool(db.session.scalar(select(Company.review_required).where(Company.id == company_id)))


def notify(evaluation):
    """Announce the analysis to the client, or, when the company requires review, to its reviewers only."""
    from siete.notifications.service import notify as send
    from siete.notifications.service import reviewer_ids

    if not review_required(evaluation.company_id):
        announce(evaluation)
        db.session.commit()
        return
    campaign = db.session.get(Campaign, evaluation.campaign_id)
    common = {"evaluation_id": evaluation.id, "company_id": evaluation.company_id,
              "data": {"evaluation_id": evaluation.id, "campaign_id": evaluation.campaign_id}}
    send([evaluation.user_id], event="evaluation.in_review", title="Tu evaluación está en revisión",
         message=f"La evaluación #{evaluation.id} de {campaign.name} fue analizada y la revisa un supervisor.",
         **common)
    send(reviewer_ids(evaluation.company_id), event="review.pending", title=f"Análisis por revisar: {campaign.name}",
         message=f"La evaluación #{evaluation.id} espera revisión antes de llegar al cliente.", **common)
    db.session.commit()


def announce(evaluation):
    """Tell the shopper, the campaign's managers and the company's admins (in the caller's transaction); critical
    findings get their own alert."""
    from siete.notifications.service import campaign_manager_ids, company_admin_ids
    from siete.notifications.service import notify as send

    view = (_analysis_of(evaluation).operative_view or {})
    campaign = db.session.get(Campaign, evaluation.campaign_id)
    ird = (view.get("IRD") or {}).get("score")
    critical = (view.get("verbatims") or {}).get("criticos") or []
    data = {"evaluation_id": evaluation.id, "campaign_id": evaluation.campaign_id, "zone_id": evaluation.zone_id,
            "IOC": (view.get("IOC") or {}).get("score"), "IRD": ird, "NPS_inferido": view.get("NPS_inferido")}
    common = {"evaluation_id": evaluation.id, "company_id": evaluation.company_id, "data": data}
    send([evaluation.user_id], event="evaluation.completed", title="Tu evaluación fue analizada",
         message=f"La evaluación #{evaluation.id} de {campaign.name} ya tiene su análisis.", **common)
    staff = list(campaign_manager_ids(evaluation.campaign_id)) + list(company_admin_ids(evaluation.company_id))
    send(staff, event="analysis.ready", title=f"Nuevo análisis: {campaign.name}",
         message=f"La evaluación #{evaluation.id} fue analizada (IRD {ird}).", **common)
    if (ird is not None and ird >= CRITICAL_IRD) or critical:
        reason = f"riesgo de deserción {ird}" if ird is not None and ird >= CRITICAL_IRD else "verbatim crítico"
        send(staff, event="analysis.critical", title=f"Alerta crítica en {campaign.name}",
             message=f"La evaluación #{evaluation.id} requiere atención: {reason}.", **common)


@dataclass(frozen=True)
class Step:
    """One link of the chain: its task, the stage and progress it shows, its queue and its time limits (seconds)."""

    name: str
    stage: str
    progress: int
    queue: str
    soft_limit: float
    hard_limit: float
    run: Callable
    api_queue: str | None = None  # its queue when the transcriber is a remote API (I/O-bound, not CPU)


TASK_PREFIX = "siete.pipeline."
STEPS = (
    Step("fetch_media", "fetching", 5, "media", 600, 660, fetch_media),
    Step("extract_audio", "extracting", 20, "media", 900, 960, extract),
    Step("transcribe", "transcribing", 40, "media", 3600, 3660, transcribe, api_queue="ai"),
    Step("analyze", "analyzing", 70, "ai", 600, 660, analyze),
    Step("notify", "notifying", 90, "default", 60, 90, notify),
)
MIN_SOFT_LIMIT, MIN_LIMIT_GAP = 5.0, 2.0


def time_limits(scale=1.0):
    """{step name: (soft, hard)}; PIPELINE_TIME_SCALE shrinks them (tests) or grows them (very long videos)."""
    limits = {}
    for step in STEPS:
        soft = max(step.soft_limit * scale, MIN_SOFT_LIMIT)
        limits[step.name] = (soft, max(step.hard_limit * scale, soft + MIN_LIMIT_GAP))
    return limits


def celery_settings(scale=1.0, transcriber="local"):
    """The Celery routes and annotations of the steps, and the longest hard limit (for the visibility timeout)."""
    limits = time_limits(scale)
    remote = transcriber != "local"
    return {
        "task_routes": {TASK_PREFIX + s.name: {"queue": s.api_queue if remote and s.api_queue else s.queue}
                        for s in STEPS},
        "task_annotations": {TASK_PREFIX + name: {"soft_time_limit": soft, "time_limit": hard}
                             for name, (soft, hard) in limits.items()},
        "longest_hard_limit": max(hard for _soft, hard in limits.values()),
    }


def step_of_stage(stage):
    """The step an evaluation at `stage` is waiting on ("uploaded": the first; "done": the last)."""
    for step in STEPS:
        if step.stage == stage:
            return step
    return STEPS[-1] if stage == "done" else STEPS[0]
