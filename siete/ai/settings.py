"""Builds the configured transcriber and analyzer from a flat config mapping (Flask config or os.environ)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from siete.ai.analyzers import Analyzer, get_analyzer
from siete.ai.transcribers import Transcriber, get_transcriber

DEFAULT_TRANSCRIBER, DEFAULT_ANALYZER = "local", "heuristic"
OPENAI_KEYS = {"OPENAI_API_KEY": ("api_key", str), "OPENAI_BASE_URL": ("base_url", str),
               "OPENAI_TIMEOUT": ("timeout", float), "OPENAI_MAX_RETRIES": ("max_retries", int)}
TRANSCRIBER_KEYS = {
    "openai": {**OPENAI_KEYS, "OPENAI_TRANSCRIBE_MODEL": ("model", str),
               "OPENAI_UPLOAD_LIMIT_BYTES": ("max_upload_bytes", int), "TRANSCRIBE_LANGUAGE": ("language", str),
               "MEDIA_WORK_DIR": ("work_dir", str)},
    "local": {"LOCAL_WHISPER_MODEL": ("model", str), "LOCAL_WHISPER_THREADS": ("cpu_threads", int),
              "LOCAL_WHISPER_BEAM_SIZE": ("beam_size", int), "TRANSCRIBE_LANGUAGE": ("language", str),
              "LOCAL_WHISPER_VOCABULARY": ("vocabulary_mode", str)},
}
ANALYZER_KEYS = {
    "openai": {**OPENAI_KEYS, "OPENAI_ANALYSIS_MODEL": ("model", str),
               "OPENAI_INVALID_OUTPUT_RETRIES": ("invalid_output_retries", int)},
    "heuristic": {},
}


def _settings(config: Mapping[str, Any], keys: dict[str, tuple[str, type]]) -> dict[str, Any]:
    """Keyword settings for the keys present and non-empty in config, converted to their types."""
    return {name: kind(config[key]) for key, (name, kind) in keys.items() if config.get(key) not in (None, "")}


def transcriber_from_config(config: Mapping[str, Any]) -> Transcriber:
    """TRANSCRIBER (local | openai) with its OPENAI_* or LOCAL_WHISPER_* settings."""
    name = config.get("TRANSCRIBER") or DEFAULT_TRANSCRIBER
    return get_transcriber(name, **_settings(config, TRANSCRIBER_KEYS.get(name, {})))


def analyzer_from_config(config: Mapping[str, Any]) -> Analyzer:
    """ANALYZER (heuristic | openai) with its OPENAI_* settings."""
    name = config.get("ANALYZER") or DEFAULT_ANALYZER
    return get_analyzer(name, **_settings(config, ANALYZER_KEYS.get(name, {})))
