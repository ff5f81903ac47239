"""Renders the golden corpus to audio with espeak-ng (two voices per dialogue), clean and with store noise.

Usage: python -m siete.analysis.render [--labels corpus/test.json ...] [--out var/corpus-renders] [--snr 10]
Writes <out>/<clean|noisy>/<id>.m4a (AAC mono 16 kHz) and <out>/<variant>/manifest.json with each turn's
measured start/end; existing renders are kept (delete the folder to redo). Needs espeak-ng (apt-get install
espeak-ng); the renders are large, so they live under var/ and are never committed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
import wave
from pathlib import Path

import imageio_ffmpeg
import numpy as np

from siete.analysis.golden import Dialogue, load

ROOT = Path(__file__).resolve().parents[2]
VARIANTS = ("clean", "noisy")

RATE = 16000
LEAD_IN_S, GAP_S, TAIL_S = 0.8, 0.6, 1.0
# Two voice pairs, alternated per dialogue, so neither role always has the same voice.
VOICE_PAIRS = [
    {"empleado": ["-v", "es-419+f3", "-s", "160"], "cliente": ["-v", "es+m3", "-s", "165", "-p", "40"]},
    {"empleado": ["-v", "es+m1", "-s", "158", "-p", "45"], "cliente": ["-v", "es-419+f2", "-s", "165"]},
]


def speak(text: str, voice: list[str], tmp: Path) -> np.ndarray:
    """espeak-ng's rendering of text as float samples at RATE."""
    raw = tmp / "line.wav"
    subprocess.run(["espeak-ng", *voice, "-w", str(raw), text], check=True, timeout=60)
    pcm = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-i", str(raw),
                          "-ac", "1", "-ar", str(RATE), "-f", "s16le", "-"], check=True, capture_output=True,
                         timeout=60).stdout
    return np.frombuffer(pcm, dtype=np.int16).astype(np.float32) / 32768.0


def store_noise(length: int, seed: int) -> np.ndarray:
    """Shop-floor noise: low-passed hum and air, a murmur of modulated noise, and till beeps."""
    rng = np.random.default_rng(seed)
    white = rng.standard_normal(length).astype(np.float32)
    brown = np.cumsum(white) / 60.0
    brown -= np.convolve(brown, np.ones(801) / 801, mode="same")  # keep it from drifting
    t = np.arange(length) / RATE
    murmur = np.convolve(white, np.ones(8) / 8, mode="same") * (0.6 + 0.4 * np.sin(2 * np.pi * 0.7 * t + seed))
    hum = 0.3 * np.sin(2 * np.pi * 120 * t)
    beeps = np.zeros(length, dtype=np.float32)
    for start in rng.integers(0, max(1, length - RATE), size=max(1, length // (RATE * 6))):
        n = int(0.15 * RATE)
        beeps[start:start + n] += 0.8 * np.sin(2 * np.pi * 2800 * np.arange(n) / RATE)
    noise = brown + murmur + hum + beeps
    return (noise / (np.sqrt(np.mean(noise ** 2)) + 1e-9)).astype(np.float32)


def save_m4a(samples: np.ndarray, path: Path, tmp: Path) -> None:
    pcm = tmp / "mix.wav"
    with wave.open(str(pcm), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes((np.clip(samples, -1, 1) * 32767).astype(np.int16).tobytes())
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-y", "-i", str(pcm),
                    "-c:a", "aac", "-b:a", "32k", str(path)], check=True, timeout=120)


def render(dialogue, index: int, out: Path, snr_db: float, manifests: dict) -> None:
    voices = VOICE_PAIRS[index % len(VOICE_PAIRS)]
    with tempfile.TemporaryDirectory(prefix="siete-render-") as tmp:
        tmp_path = Path(tmp)
        pieces, times, clock = [np.zeros(int(LEAD_IN_S * RATE), np.float32)], [], LEAD_IN_S
        for turn in dialogue.turns:
            audio = speak(turn["texto"], voices[turn["rol"]], tmp_path)
            times.append({"inicio": round(clock, 2), "fin": round(clock + len(audio) / RATE, 2)})
            pieces += [audio, np.zeros(int(GAP_S * RATE), np.float32)]
            clock += len(audio) / RATE + GAP_S
        pieces.append(np.zeros(int(TAIL_S * RATE), np.float32))
        clean = np.concatenate(pieces) * 0.8
        speech_rms = np.sqrt(np.mean(np.concatenate(pieces[1:-1:2]) ** 2)) * 0.8
        noisy = clean + store_noise(len(clean), index) * speech_rms / (10 ** (snr_db / 20))
        for variant, samples in (("clean", clean), ("noisy", noisy)):
            save_m4a(samples, out / variant / f"{dialogue.id}.m4a", tmp_path)
            manifests[variant][dialogue.id] = {"audio": f"{dialogue.id}.m4a", "duration": round(len(clean) / RATE, 2),
                                               "voices": index % len(VOICE_PAIRS), "turns": times}


def render_all(dialogues: list[Dialogue], out: str | Path, snr_db: float = 10.0, progress=None,
               needed: tuple[str, ...] = VARIANTS) -> dict[str, Path]:
    """Render the dialogues missing from the needed variants' manifests; returns each variant's folder."""
    out = Path(out)
    manifests = {}
    for variant in VARIANTS:
        (out / variant).mkdir(parents=True, exist_ok=True)
        path = out / variant / "manifest.json"
        manifests[variant] = json.loads(path.read_text()) if path.exists() else {}
    for index, dialogue in enumerate(sorted(dialogues, key=lambda d: d.id)):
        if all(dialogue.id in manifests[v] and (out / v / manifests[v][dialogue.id]["audio"]).exists()
               for v in needed):
            continue
        if shutil.which("espeak-ng") is None:
            raise RuntimeError("espeak-ng is needed to render the corpus (apt-get install espeak-ng)")
        render(dialogue, _voice_index(dialogue.id), out, snr_db, manifests)
        for variant, manifest in manifests.items():
            (out / variant / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
        if progress:
            progress(dialogue.id)
    return {variant: out / variant for variant in VARIANTS}


def _voice_index(dialogue_id: str) -> int:
    """Which voice pair and noise seed a dialogue gets: fixed by its id, whatever else is rendered with it."""
    return sum(dialogue_id.encode()) % 97


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", nargs="+", default=[str(ROOT / "corpus/dev.json"), str(ROOT / "corpus/test.json")])
    parser.add_argument("--out", default=str(ROOT / "var/corpus-renders"))
    parser.add_argument("--snr", type=float, default=10.0)
    args = parser.parse_args()
    dialogues = [d for labels in args.labels for d in load(labels)]
    render_all(dialogues, args.out, args.snr, progress=lambda name: print(name, flush=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
