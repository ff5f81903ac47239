"""GPT analysis in one structured-output chat completion, validated against the operative-view schema."""

from __future__ import annotations

import json

from marshmallow import ValidationError

from siete.ai.analyzers.base import AnalysisContext, AnalysisResult, Analyzer, require_transcript
from siete.ai.analyzers.consistency import make_consistent
from siete.ai.analyzers.evidence import verify_evidence
from siete.ai.criteria import CRITERIA_CONTRACT, Criterion, criteria_lines
from siete.ai.diarization import with_roles
from siete.ai.errors import AI_INVALID_OUTPUT, PermanentAIError
from siete.ai.json_schema import response_format
from siete.ai.openai_client import call_with_retries, make_client
from siete.ai.prompts import resolve_prompt, system_message
from siete.ai.schemas import AnalysisAnswerSchema, CriterionAnswerSchema
from siete.ai.transcript import Transcript

USAGE_KEYS = ("prompt_tokens", "completion_tokens", "total_tokens")


class InvalidAnswer(ValueError):
    """The model's answer did not fit the schema (kept internal: retried, then PermanentAIError)."""


class OpenAIAnalyzer(Analyzer):
    """Chat completion with a strict json_schema response format, temperature 0."""

    name = "openai"

    def __init__(self, *, api_key: str | None = None, base_url: str | None = None, model: str = "gpt-4o",
                 timeout: float = 120.0, max_retries: int = 3, invalid_output_retries: int = 2,
                 max_completion_tokens: int | None = 4096, backoff_base: float = 1.0, backoff_max: float = 20.0):
        self.client = make_client(api_key=api_key, base_url=base_url, timeout=timeout)
        self.model, self.max_completion_tokens = model, max_completion_tokens
        self.max_retries, self.invalid_output_retries = max_retries, invalid_output_retries
        self.backoff_base, self.backoff_max = backoff_base, backoff_max

    def analyze(self, transcript: Transcript, context: AnalysisContext | None = None) -> AnalysisResult:
        """Ask once; re-ask (bounded) when the answer is not valid JSON for the schema."""
        require_transcript(transcript)
        context = context or AnalysisContext()
        transcript = with_roles(transcript)
        prompt = resolve_prompt(context.prompt_text, context.prompt_version)
        system = system_message(prompt) + (f"\n\n{CRITERIA_CONTRACT}" if context.criteria else "")
        messages = [{"role": "system", "content": system},
                    {"role": "user", "content": user_message(transcript, context)}]
        usage = dict.fromkeys(USAGE_KEYS, 0)
        problem = ""
        for _ in range(self.invalid_output_retries + 1):
            completion = call_with_retries(lambda sent=messages: self._complete(sent, context.criteria),
                                           max_retries=self.max_retries,
                                           backoff_base=self.backoff_base, backoff_max=self.backoff_max)
            for key in USAGE_KEYS:
                usage[key] += (getattr(completion.usage, key, 0) or 0) if completion.usage else 0
            content = completion.choices[0].message.content or ""
            try:
                answer = parse_answer(completion, context.criteria)
            except InvalidAnswer as exc:
                problem = str(exc)
                previous = [{"role": "assistant", "content": content}] if content else []
                messages = [*messages[:2], *previous,
                            {"role": "user", "content": f"Tu respuesta no es válida: {problem}. Responde de nuevo "
                                                        "con un JSON que cumpla exactamente el esquema."}]
                continue
            view, verification = verify_evidence(answer["operative_view"], transcript, context.criteria)
            view = make_consistent(view, churn=bool(view["verbatims"]["criticos"]))
            return AnalysisResult(
                analysis=content, executive_view=answer["executive_view"], operative_view=view, provider=self.name,
                model=completion.model or self.model, prompt_version=prompt.version, usage=usage,
                evidence=verification.to_dict())
        raise PermanentAIError(AI_INVALID_OUTPUT, f"analysis invalid after {self.invalid_output_retries + 1} "
                                                  f"attempts: {problem}")

    def _complete(self, messages: list[dict], criteria: tuple[Criterion, ...] = ()):
        """One chat completion call."""
        options = {"max_completion_tokens": self.max_completion_tokens} if self.max_completion_tokens else {}
        return self.client.chat.completions.create(
            model=self.model, messages=messages, temperature=0,
            response_format=response_format(tuple(c.key for c in criteria)), **options)


def parse_answer(completion, criteria: tuple[Criterion, ...] = ()) -> dict:
    """The validated answer of a completion; InvalidAnswer when refused, truncated, not JSON or off-schema (a
    company criterion left unanswered is off-schema)."""
    choice = completion.choices[0]
    if getattr(choice.message, "refusal", None):
        raise InvalidAnswer(f"the model refused: {choice.message.refusal}")
    if choice.finish_reason == "length":
        raise InvalidAnswer("the answer was cut at the token limit")
    try:
        data = json.loads(choice.message.content or "")
    except ValueError as exc:
        raise InvalidAnswer(f"not JSON ({exc})") from exc
    view = data.get("operative_view") if isinstance(data, dict) else None
    given = view.pop("criterios", None) if isinstance(view, dict) else None
    try:
        answer = AnalysisAnswerSchema().load(data)
        if criteria:
            keys = [c.key for c in criteria]
            if not isinstance(given, dict) or set(keys) - set(given):
                raise ValidationError({"operative_view": {"criterios": [f"answer every criterion: {keys}"]}})
            answer["operative_view"]["criterios"] = {
                key: CriterionAnswerSchema().load(given[key]) for key in keys}
    except ValidationError as exc:
        raise InvalidAnswer(f"schema violation {json.dumps(exc.messages, ensure_ascii=False)[:500]}") from exc
    return answer


ROLE_NAMES = {"empleado": "EMPLEADO", "cliente": "CLIENTE", "desconocido": "HABLANTE"}


def transcript_lines(transcript: Transcript) -> list[str]:
    """Numbered lines 'L3 [12.1-15.0] CLIENTE (S2): text' the model cites by number."""
    return [f"L{number} [{s.start:.1f}-{s.end:.1f}] {ROLE_NAMES.get(s.role, 'HABLANTE')}"
            f"{f' ({s.speaker})' if s.speaker else ''}: {s.text}" for number, s in enumerate(transcript.segments, 1)]


def user_message(transcript: Transcript, context: AnalysisContext) -> str:
    """Context, survey answers and the transcript as numbered, speaker-labelled, timed lines the model cites."""
    lines = [f"Empresa: {context.company_name or 'no indicada'}",
             f"Campaña: {context.campaign_name or 'no indicada'}",
             f"Duración de la grabación: {transcript.duration:.1f} segundos"]
    survey = context.survey_lines()
    if survey:
        lines += ["", "Respuestas de la encuesta del evaluador:", *(f"- {line}" for line in survey)]
    if context.criteria:
        lines += ["", "Criterios de la empresa (clave: nombre y descripción):", *criteria_lines(context.criteria)]
    lines += ["", "Transcripción (línea, segundos de inicio-fin, quién habla y su rol, texto):"]
    lines += transcript_lines(transcript) or [transcript.text]
    return "\n".join(lines)
