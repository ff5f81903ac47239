"""Render the Spanish mystery-shopping test videos with espeak-ng and the ffmpeg that moviepy ships.

Usage: python scripts/make_fixtures.py [--out tests/fixtures/media]
Needs espeak-ng (apt-get install -y espeak-ng). The outputs are committed; rerun only to change them.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

import imageio_ffmpeg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a plain script from any directory
DEFAULT_OUT = ROOT / "tests" / "fixtures" / "media"
SAMPLE_RATE = 22050
LEAD_IN_S, GAP_S, TAIL_S = 0.8, 0.6, 1.0
VOICES = {"empleado": ["-v", "es-419+f3", "-s", "160"], "cliente": ["-v", "es", "-s", "165", "-p", "40"]}

DIALOGUES = {
    "good_service": {
        "color": "0x2e7d32",
        "lines": [
            ("empleado", "Buenas tardes, bienvenido a Telecom Siete. Mi nombre es Laura, ¿en qué le puedo ayudar?"),
            ("cliente", "Hola Laura. Quiero revisar mi plan de internet, siento que está muy lento."),
            ("empleado", ("Con gusto. Tiene el plan básico de veinte megas. Tenemos una promoción: "
                          "el plan de cien megas por el mismo precio durante seis meses. ¿Le interesa?")),
            ("cliente", "Sí, me interesa. Suena muy bien."),
            ("empleado", ("Perfecto, ya quedó activado. Además le recomiendo reiniciar el módem una vez "
                          "por semana, y le dejo mi número por si necesita algo.")),
            ("cliente", "Excelente, muchas gracias. Muy amable."),
            ("empleado", "¿Hay algo más en que le pueda ayudar? Gracias por su visita, que tenga un excelente día."),
        ],
        "calidad_basica": {"saludo": True, "identificacion": True, "oferta": True, "cierre": True,
                           "valor_agregado": True},
        "key_phrases": ["bienvenido", "mi nombre es Laura", "plan de internet", "promoción", "muchas gracias",
                        "gracias por su visita"],
    },
    "poor_service": {
        "color": "0xb71c1c",
        "lines": [
            ("cliente", "Llevo una hora esperando en la fila. Es la tercera vez que vengo por el mismo problema."),
            ("empleado", "¿Qué necesita?"),
            ("cliente", ("Me cobraron de más en la factura otra vez. Ya llamé al centro de atención "
                         "y me transfirieron cuatro veces.")),
            ("empleado", "Eso no lo veo yo. Tiene que ir a la otra ventanilla."),
            ("cliente", "Ya fui a la otra ventanilla y me mandaron aquí. Esto es un pésimo servicio."),
            ("empleado", "Pues aquí no se puede hacer nada."),
            ("cliente", "Entonces voy a cancelar el servicio y me voy a la competencia. Estoy muy molesto."),
            ("empleado", "Como quiera. Siguiente."),
        ],
        "calidad_basica": {"saludo": False, "identificacion": False, "oferta": False, "cierre": False,
                           "valor_agregado": False},
        "key_phrases": ["esperando en la fila", "tercera vez", "mismo problema", "factura", "otra ventanilla",
                        "cancelar el servicio", "competencia"],
    },
    "mixed_service": {
        "color": "0xf9a825",
        "lines": [
            ("empleado", "Buenos días, pase por favor. ¿Qué trámite viene a hacer?"),
            ("cliente", "Buenos días. Esperé casi veinte minutos. Quiero cambiar mi celular, el mío ya no sirve."),
            ("empleado", ("Claro. Tenemos el plan Plus con un teléfono nuevo y un descuento del treinta "
                          "por ciento. ¿Se lo activo?")),
            ("cliente", "¿Y cuánto cuesta al mes? La última vez no me explicaron bien."),
            ("empleado", "Son cuarenta dólares al mes. Firme aquí."),
            ("cliente", "Bueno, está bien. Aunque la espera fue un poco larga."),
            ("empleado", "Listo, ya está. Gracias, que le vaya bien."),
        ],
        "calidad_basica": {"saludo": True, "identificacion": False, "oferta": True, "cierre": True,
                           "valor_agregado": False},
        "key_phrases": ["buenos días", "cambiar mi celular", "descuento", "cuánto cuesta",
                        "la espera fue un poco larga", "gracias"],
    },
}
SILENT_SECONDS, NO_AUDIO_SECONDS = 8.0, 6.0


def ffmpeg(*args: str) -> None:
    """Run the bundled ffmpeg quietly, failing loudly."""
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", *args],
                   check=True)


def speak(role: str, text: str, dst: Path) -> bytes:
    """Synthesize one line with the role's voice and return its 22.05 kHz mono PCM frames."""
    subprocess.run(["espeak-ng", *VOICES[role], "-w", str(dst), text], check=True)
    with wave.open(str(dst), "rb") as wav:
        assert wav.getframerate() == SAMPLE_RATE and wav.getnchannels() == 1
        return wav.readframes(wav.getnframes())


def silence(seconds: float) -> bytes:
    """PCM silence of the given length."""
    return b"\x00\x00" * int(seconds * SAMPLE_RATE)


def render_dialogue(lines: list[tuple[str, str]], wav_path: Path, tmp: Path) -> tuple[list[dict], float]:
    """Write the whole dialogue to one wav; return each line's role, text and timing, and the length."""
    pcm, script = [silence(LEAD_IN_S)], []
    cursor = LEAD_IN_S
    for index, (role, text) in enumerate(lines):
        frames = speak(role, text, tmp / f"line{index}.wav")
        seconds = len(frames) / 2 / SAMPLE_RATE
        script.append({"rol": role, "texto": text, "inicio": round(cursor, 2), "fin": round(cursor + seconds, 2)})
        pcm += [frames, silence(GAP_S)]
        cursor += seconds + GAP_S
    pcm.append(silence(TAIL_S))
    with wave.open(str(wav_path), "wb") as wav:
        wav.setnchannels(1), wav.setsampwidth(2), wav.setframerate(SAMPLE_RATE)
        wav.writeframes(b"".join(pcm))
    return script, cursor + TAIL_S


def video_args(color: str, seconds: float | None = None) -> list[str]:
    """A tiny solid-colour 160x90 video source at 5 fps."""
    duration = f":d={seconds}" if seconds else ""
    return ["-f", "lavfi", "-i", f"color=c={color}:s=160x90:r=5{duration}"]


from siete.media import probe

ENCODE = ["-c:v", "libx264", "-preset", "veryslow", "-tune", "stillimage", "-crf", "38", "-pix_fmt", "yuv420p",
          "-threads", "1", "-map_metadata", "-1", "-fflags", "+bitexact", "-movflags", "+faststart"]
AUDIO = ["-c:a", "aac", "-b:a", "32k", "-ar", "16000", "-ac", "1"]


def probe_duration(path: Path) -> float:
    """Container duration as ffmpeg reports it."""
    return round(probe(path).duration, 2)


def main() -> None:
    """Render every fixture and write expectations.json beside them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    out: Path = parser.parse_args().out
    if not shutil.which("espeak-ng"):
        raise SystemExit("espeak-ng is missing: apt-get install -y espeak-ng")
    out.mkdir(parents=True, exist_ok=True)
    expectations: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="siete-fixtures-") as tmp_name:
        tmp = Path(tmp_name)
        for name, spec in DIALOGUES.items():
            wav_path = tmp / f"{name}.wav"
            script, seconds = render_dialogue(spec["lines"], wav_path, tmp)
            target = out / f"{name}.mp4"
            ffmpeg(*video_args(spec["color"], round(seconds, 2)), "-i", str(wav_path), "-shortest", *ENCODE, *AUDIO, str(target))
            expectations[name] = {"has_audio": True, "speech": True, "duration": probe_duration(target),
                                  "calidad_basica": spec["calidad_basica"], "key_phrases": spec["key_phrases"],
                                  "script": script}
        ffmpeg(*video_args("0x455a64", SILENT_SECONDS), "-f", "lavfi", "-t", str(SILENT_SECONDS),
               "-i", "anullsrc=r=16000:cl=mono", "-shortest", *ENCODE, *AUDIO, str(out / "silent.mp4"))
        expectations["silent"] = {"has_audio": True, "speech": False, "duration": probe_duration(out / "silent.mp4")}
        ffmpeg(*video_args("0x263238", NO_AUDIO_SECONDS), *ENCODE, str(out / "no_audio.mp4"))
        expectations["no_audio"] = {"has_audio": False, "speech": False,
                                    "duration": probe_duration(out / "no_audio.mp4")}
    (out / "expectations.json").write_text(json.dumps(expectations, ensure_ascii=False, indent=2) + "\n")
    for path in sorted(out.glob("*.mp4")):
        print(f"{path.name}: {path.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
