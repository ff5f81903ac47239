"""Where the committed media fixtures live and what they are expected to contain."""

import json
from functools import lru_cache
from pathlib import Path

MEDIA_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "media"
SPEECH_FIXTURES = ("good_service", "mixed_service", "poor_service")


def fixture_path(name: str) -> Path:
    """The mp4 of a fixture by name (good_service, poor_service, mixed_service, silent, no_audio)."""
    return MEDIA_DIR / f"{name}.mp4"


@lru_cache(maxsize=1)
def expectations() -> dict:
    """expectations.json as a dict."""
    return json.loads((MEDIA_DIR / "expectations.json").read_text())
