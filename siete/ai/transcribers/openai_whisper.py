"""Transcription through the Whisper API, splitting audio over the upload limit and stitching the pieces."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from siete.ai.openai_client import call_with_retries, make_client
from siete.ai.transcribers.base import Transcriber, require_speech
from siete.ai.transcribers.stitching import ChunkTranscript, stitch
from siete.ai.transcript import Segment, Transcript
from siete.ai.vocabulary import Vocabulary
from siete.media import NO_AUDIO_TRACK, MediaError, extract_audio, probe, split_audio

UPLOAD_LIMIT_BYTES = 24 * 1000 * 1000  # the API refuses files over 25 MB; keep a margin
SEGMENT_MODELS = {"whisper-1"}  # models whose verbose_json carries segment timestamps
DIARIZE_MODELS = {"gpt-4o-transcribe-diarize"}  # diarized_json: segments with speakers; no prompt; chunking past 30 s
LANGUAGE_CODES = {"spanish": "es", "english": "en", "portuguese": "pt", "catalan": "ca"}


class OpenAITranscriber(Transcriber):
    """Whisper API via the official SDK: whisper-1 (timed segments), gpt-4o-transcribe-diarize (timed segments
    with speakers) or gpt-4o-transcribe (text only)."""

    name = "openai"

    def __init__(self, *, api_key: str | None = None, base_url: str | None = None, model: str = "whisper-1",
                 language: str = "es", timeout: float = 300.0, max_retries: int = 3,
                 max_upload_bytes: int = UPLOAD_LIMIT_BYTES, overlap_seconds: float = 2.0,
                 backoff_base: float = 1.0, backoff_max: float = 20.0, prompt: str | None = None,
                 work_dir: str | None = None):
        self.client = make_client(api_key=api_key, base_url=base_url, timeout=timeout)
        self.model, self.language, self.prompt = model, language, prompt
        self.max_retries, self.backoff_base, self.backoff_max = max_retries, backoff_base, backoff_max
        self.max_upload_bytes, self.overlap_seconds = max_upload_bytes, overlap_seconds
        self.work_dir = work_dir  # where the temporary audio goes (None: the system temp dir)

    def transcribe(self, path: str | Path, vocabulary: Vocabulary | None = None) -> Transcript:
        """Extract the audio, upload it (in overlapping chunks when too big) and stitch a timed transcript; the
        vocabulary goes in every upload's prompt (instead of the configured one)."""
        info = probe(path)
        if not info.has_audio:
            raise MediaError(NO_AUDIO_TRACK, f"{Path(path).name} has no audio track")
        with tempfile.TemporaryDirectory(prefix="siete-asr-", dir=self.work_dir) as tmp:
            audio = extract_audio(path, tmp, info=info)
            chunks = split_audio(audio.path, self.max_upload_bytes, self.overlap_seconds, tmp,
                                 duration=info.duration)
            prompt = vocabulary.prompt() if vocabulary else self.prompt
            answers = [(chunk, self._transcribe_file(chunk.path, chunk.duration, prompt)) for chunk in chunks]
        segments = stitch([ChunkTranscript(chunk.start, chunk.duration, found) for chunk, (found, _) in answers],
                          info.duration)
        if len(answers) == 1 and answers[0][1][0] and all(s.speaker for s in answers[0][1][0]):
            segments = _with_speakers(segments, answers[0][1][0])  # one upload: its speaker labels hold throughout
        language = self.language or next((lang for _, (_, lang) in answers if lang), "")
        return require_speech(Transcript.from_segments(segments, language, info.duration), path)

    def _transcribe_file(self, path: Path, duration: float, prompt: str | None) -> tuple[list[Segment], str]:
        """One API call for one file: segments timed from the file's start, and the detected language code."""
        diarized = self.model in DIARIZE_MODELS
        response_format = "diarized_json" if diarized else "verbose_json" if self.model in SEGMENT_MODELS else "json"
        options = {"model": self.model, "response_format": response_format, "temperature": 0}
        if self.language:
            options["language"] = self.language
        if prompt and not diarized:  # the diarizing model takes no prompt
            options["prompt"] = prompt
        if diarized:
            options["chunking_strategy"] = "auto"  # required past 30 s of audio

        def upload():
            with path.open("rb") as handle:  # reopened per attempt so a retry re-sends the whole file
                return self.client.audio.transcriptions.create(file=handle, **options)

        answer = call_with_retries(upload, max_retries=self.max_retries, backoff_base=self.backoff_base,
                                   backoff_max=self.backoff_max)
        segments = [Segment(float(s.start), float(s.end), s.text.strip(), str(getattr(s, "speaker", "") or ""))
                    for s in (getattr(answer, "segments", None) or []) if s.text.strip()]
        text = (getattr(answer, "text", "") or "").strip()
        if not segments and text:
            segments = [Segment(0.0, duration, text)]
        detected = str(getattr(answer, "language", "") or "").lower()
        return segments, LANGUAGE_CODES.get(detected, detected)


def _with_speakers(stitched: list[Segment], original: list[Segment]) -> list[Segment]:
    """Stitched segments with the speaker of the answer's segment they overlap most."""
    def speaker(segment: Segment) -> str:
        best = max(original, key=lambda o: min(o.end, segment.end) - max(o.start, segment.start))
        return best.speaker

    return [replace(segment, speaker=speaker(segment)) for segment in stitched]
