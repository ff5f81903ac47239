"""Offline transcription with faster-whisper (extra local-asr), int8 on CPU, in overlapping time windows decoded
one at a time, so memory stays flat however long the recording is."""

from __future__ import annotations

import ctypes
import os
import threading
from pathlib import Path

from siete.ai.errors import AI_NOT_CONFIGURED, PermanentAIError
from siete.ai.local_model import resolve_model
from siete.ai.transcribers.base import Transcriber, require_speech
from siete.ai.transcribers.stitching import ChunkTranscript, stitch
from siete.ai.transcript import Segment, Transcript
from siete.ai.vocabulary import Vocabulary
from siete.media import NO_AUDIO_TRACK, MediaError, chunk_starts, probe, read_pcm

_MODELS: dict[tuple, object] = {}
_MODELS_LOCK = threading.Lock()
SAMPLE_RATE = 16000  # what Whisper hears
WINDOW_SECONDS = 300.0  # 5 min of 16 kHz float32 is 19 MB; a whole file decoded at once grew ~0.75 GB per hour
OVERLAP_SECONDS = 4.0  # a word cut at a window's edge is heard whole in the next; stitching drops the repeat
# How the vocabulary reaches faster-whisper: hotwords go before every 30-s decoding window; initial_prompt only
# before a window's first one when condition_on_previous_text is off (as here, against repetition loops). Off by
# default: on the vocabulary corpus hints cut the name error rate 0.70 -> 0.07 but lowered the heuristic
# analyzer's check agreement 84 -> 75 % (bench/RESULTS.md, "Transcription vocabulary").
VOCABULARY_MODES = ("hotwords", "prompt", "off")
# With a prompt Whisper writes fewer timestamps: one segment can span several turns, which the speaker clustering
# needs apart. Hinted runs take word timestamps and cut a segment where the words pause this long (seconds).
PAUSE_S, SENTENCE_PAUSE_S = 0.5, 0.15


def _return_freed_memory():
    """Hand the window's freed buffers back to the OS: glibc keeps them, and RSS would creep up window by window."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass


def _cut_at_pauses(pieces) -> list[Segment]:
    """The window's words as segments cut where they pause (PAUSE_S, or SENTENCE_PAUSE_S after . ? !), whatever
    faster-whisper's own segment boundaries (with a prompt they fall mid-sentence)."""
    runs: list[list] = []
    for word in (word for piece in pieces for word in piece.words or []):
        if runs:
            gap, ended = word.start - runs[-1][-1].end, runs[-1][-1].word.strip()[-1:] in ".?!"
            if gap < PAUSE_S and not (ended and gap >= SENTENCE_PAUSE_S):
                runs[-1].append(word)
                continue
        runs.append([word])
    segments = (Segment(round(run[0].start, 2), round(run[-1].end, 2), "".join(w.word for w in run).strip())
                for run in runs)
    return [segment for segment in segments if segment.text]


class LocalTranscriber(Transcriber):
    """faster-whisper with VAD; the model comes from the model setting, LOCAL_WHISPER_MODEL or var/models."""

    name = "local"

    def __init__(self, *, model: str | None = None, language: str = "es", device: str = "cpu",
                 compute_type: str = "int8", cpu_threads: int = 0, beam_size: int = 5, vad_filter: bool = True,
                 min_silence_ms: int = 500, window_seconds: float = WINDOW_SECONDS,
                 overlap_seconds: float = OVERLAP_SECONDS, vocabulary_mode: str = "off"):
        if vocabulary_mode not in VOCABULARY_MODES:
            raise PermanentAIError(AI_NOT_CONFIGURED, f"unknown vocabulary mode {vocabulary_mode!r}; use one of "
                                                      f"{list(VOCABULARY_MODES)}")
        self.model_ref, self.vocabulary_mode = resolve_model(model), vocabulary_mode
        self.window_seconds, self.overlap_seconds = window_seconds, overlap_seconds
        self.language, self.device, self.compute_type, self.cpu_threads = language, device, compute_type, cpu_threads
        self.beam_size, self.vad_filter, self.min_silence_ms = beam_size, vad_filter, min_silence_ms

    def transcribe(self, path: str | Path, vocabulary: Vocabulary | None = None) -> Transcript:
        """Transcribe the recording window by window, hinted with the vocabulary; silence gives no_speech, a file
        without audio no_audio_track."""
        info = probe(path)
        if not info.has_audio:
            raise MediaError(NO_AUDIO_TRACK, f"{Path(path).name} has no audio track")
        model = self._model()  # ai_not_configured before any decoding when the extra or the model is missing
        import numpy  # installed with faster-whisper (CTranslate2 needs it)

        hints = self._hints(model, vocabulary)

        chunks, language = [], self.language
        starts = chunk_starts(info.duration, self.window_seconds, self.overlap_seconds) if info.duration else [0.0]
        for start in starts:
            length = min(self.window_seconds, info.duration - start) if info.duration else None
            pcm = read_pcm(path, start, length, rate=SAMPLE_RATE)
            audio = numpy.frombuffer(pcm, dtype=numpy.int16).astype(numpy.float32)
            del pcm
            audio /= 32768.0  # in place: one float copy of the window, not two
            if not audio.size:
                continue
            pieces, details = model.transcribe(
                audio, language=self.language or None, beam_size=self.beam_size, vad_filter=self.vad_filter,
                vad_parameters={"min_silence_duration_ms": self.min_silence_ms}, condition_on_previous_text=False,
                word_timestamps=bool(hints), **hints)
            found = _cut_at_pauses(pieces) if hints else [Segment(round(p.start, 2), round(p.end, 2), p.text.strip())
                                                          for p in pieces]
            chunks.append(ChunkTranscript(start, audio.size / SAMPLE_RATE, found))
            language = language or details.language
            del audio
            _return_freed_memory()
        duration = info.duration or sum(chunk.duration for chunk in chunks)
        segments = stitch(chunks, duration)
        return require_speech(Transcript.from_segments(segments, language or "", duration), path)

    def _hints(self, model, vocabulary: Vocabulary | None) -> dict[str, str]:
        """The transcribe() keyword that carries the vocabulary, bounded by the model's own token count."""
        if not vocabulary or self.vocabulary_mode == "off":
            return {}
        text = vocabulary.prompt(count_tokens=lambda t: len(model.hf_tokenizer.encode(t, add_special_tokens=False)))
        if not text:
            return {}
        return {"hotwords" if self.vocabulary_mode == "hotwords" else "initial_prompt": text}

    def _model(self):
        """Load the model once per process and settings (loading costs about a second)."""
        if not self.model_ref:
            raise PermanentAIError(AI_NOT_CONFIGURED, "no local Whisper model: run python -m siete.ai.model_setup "
                                                      "or set LOCAL_WHISPER_MODEL")
        if os.sep in self.model_ref and not (Path(self.model_ref) / "model.bin").is_file():
            raise PermanentAIError(AI_NOT_CONFIGURED, f"no Whisper model in {self.model_ref}")
        try:
            from faster_whisper import WhisperModel
        except ImportError as exc:
            raise PermanentAIError(AI_NOT_CONFIGURED, "faster-whisper is not installed (extra local-asr)") from exc
        key = (self.model_ref, self.device, self.compute_type, self.cpu_threads)
        with _MODELS_LOCK:
            if key not in _MODELS:
                _MODELS[key] = WhisperModel(self.model_ref, device=self.device, compute_type=self.compute_type,
                                            cpu_threads=self.cpu_threads)
            return _MODELS[key]
