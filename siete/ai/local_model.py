"""Resolves which faster-whisper model to load: a setting, the environment, or the assembled default."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_MODEL_DIR = PROJECT_ROOT / "var" / "models" / "whisper-base"
ENV_VAR = "LOCAL_WHISPER_MODEL"


def resolve_model(setting: str | os.PathLike | None = None) -> str | None:
    """The model directory or name to load, or None when nothing usable is configured."""
    value = str(setting) if setting else os.environ.get(ENV_VAR, "").strip()
    if value:
        return value
    return str(DEFAULT_MODEL_DIR) if (DEFAULT_MODEL_DIR / "model.bin").is_file() else None
