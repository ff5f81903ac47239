"""Candidate fixes for siete/, applied by monkeypatching so the benchmark can measure them without editing siete/.

`python -m bench.pipeline.run --patches client_cache,direct_audio,pool` applies them in the workers (through the
sitecustomize.py next to this file, on PYTHONPATH, reading BENCH_PATCHES) and in the benchmark process (the
sequential baseline). Each one is what the report proposes to change in siete/:

- client_cache: one OpenAI SDK client per (key, base URL, timeout) and process, instead of a new client (new
  httpx pool, new TLS handshake in production) for every transcription and analysis (siete/ai/openai_client.py).
- direct_audio: the OpenAI transcriber uploads the stored audio as it is when it already is audio-only in a
  container Whisper accepts (the pipeline's extract step made it), instead of probing it and copying it again
  with ffmpeg (siete/ai/transcribers/openai_whisper.py).
- pool: a SQLAlchemy pool as large as the ai thread pool (AI_CONCURRENCY + 4), since each ai thread holds a
  connection while it waits on OpenAI (siete/config.py, SQLALCHEMY_ENGINE_OPTIONS).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

KNOWN = ("client_cache", "direct_audio", "pool")


def _client_cache(undo: list) -> None:
    from siete.ai import openai_client
    from siete.ai.analyzers import openai_chat
    from siete.ai.transcribers import openai_whisper

    original = openai_client.make_client
    cache, lock = {}, threading.Lock()

    def make_client(*, api_key=None, base_url=None, timeout=120.0, organization=None):
        key = (api_key, base_url, timeout, organization)
        with lock:
            if key not in cache:
                cache[key] = original(api_key=api_key, base_url=base_url, timeout=timeout, organization=organization)
            return cache[key]

    for module in (openai_client, openai_chat, openai_whisper):
        undo.append((module, "make_client", module.make_client))
        module.make_client = make_client


def _direct_audio(undo: list) -> None:
    from siete.ai.transcribers import openai_whisper
    from siete.media.audio import WHISPER_CONTAINERS, AudioFile

    original = openai_whisper.extract_audio

    def extract_audio(src, dst_dir, *, info=None, timeout=3600):
        src = Path(src)
        info = info or openai_whisper.probe(src)
        container = WHISPER_CONTAINERS.get(info.audio_codec or "")
        if info.has_audio and not info.has_video and container and src.suffix == f".{container}":
            return AudioFile(src, info.audio_codec, info.duration, src.stat().st_size, transcoded=False)
        return original(src, dst_dir, info=info, timeout=timeout)

    undo.append((openai_whisper, "extract_audio", original))
    openai_whisper.extract_audio = extract_audio


def _pool(undo: list) -> None:
    from siete import config

    original = config.Config.__init__
    size = int(os.environ.get("AI_CONCURRENCY") or 16) + 4

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.SQLALCHEMY_ENGINE_OPTIONS = {**self.SQLALCHEMY_ENGINE_OPTIONS, "pool_size": size, "max_overflow": 10}

    undo.append((config.Config, "__init__", original))
    config.Config.__init__ = __init__


def apply(names) -> callable:
    """Apply the named patches; returns a function that undoes them."""
    undo: list = []
    for name in names:
        if name not in KNOWN:
            raise ValueError(f"unknown patch {name!r}; one of {KNOWN}")
        globals()[f"_{name}"](undo)

    def restore() -> None:
        for owner, attribute, value in reversed(undo):
            setattr(owner, attribute, value)

    return restore
