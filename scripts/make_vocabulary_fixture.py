"""Render the short clip the vocabulary test transcribes: an employee line with two names Whisper base mishears.

Usage: python scripts/make_vocabulary_fixture.py   (writes tests/fixtures/media/vocabulary_names.m4a)
Needs espeak-ng (apt-get install -y espeak-ng). The output is committed; rerun only to change it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a plain script from any directory

from siete.analysis.render import RATE, VOICE_PAIRS, save_m4a, speak  # noqa: E402

TEXT = "Bienvenido a Farmacia Xiomí. Le recomiendo el jarabe Tusiquín Forte."
OUT = ROOT / "tests" / "fixtures" / "media" / "vocabulary_names.m4a"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="siete-vocab-clip-") as tmp:
        silence = np.zeros(RATE // 2, np.float32)
        voice = speak(TEXT, VOICE_PAIRS[0]["empleado"], Path(tmp))
        save_m4a(np.concatenate([silence, voice, silence]), OUT, Path(tmp))
    print(f"{OUT.name}: {OUT.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
