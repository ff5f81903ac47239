"""Speaker labels for one recording's segments from the voice: MFCC and pitch statistics, two-way clustering.

No model and no extra dependency: the audio is decoded by the ffmpeg binary the project already ships
(imageio-ffmpeg) and analysed with numpy. A learned speaker embedding (Resemblyzer, which needs torch) would
separate two similar voices better; this is what runs everywhere, in well under a second per minute of audio.
"""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

import numpy as np

from siete.ai.transcript import Segment

RATE = 16000
FRAME, HOP, FFT = 400, 160, 512  # 25 ms frames every 10 ms
MEL_BANDS, CEPSTRA = 26, 13
PITCH_RANGE_HZ = (70.0, 400.0)
MIN_VOICED_FRAMES = 10
VOICED_PERCENTILE = 40  # frames louder than this share of the segment's frames carry the voice
PITCH_WEIGHT = 1.0  # weight of the pitch against each cepstral dimension, after standardising
SPREAD_WEIGHT = 0.3  # weight of the cepstra's spread against their means (tuned on the dev renders)


def decode(path: str | Path) -> np.ndarray:
    """The recording's audio as mono float samples at 16 kHz."""
    import imageio_ffmpeg

    pcm = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-i", str(path),
                          "-vn", "-ac", "1", "-ar", str(RATE), "-f", "s16le", "-"],
                         capture_output=True, check=True, timeout=600).stdout
    return np.frombuffer(pcm, dtype=np.int16).astype(np.float32) / 32768.0


def _mel_filters() -> np.ndarray:
    def mel(hz):
        return 2595 * np.log10(1 + hz / 700)

    points = 700 * (10 ** (np.linspace(mel(60), mel(7600), MEL_BANDS + 2) / 2595) - 1)
    bins = np.floor((FFT + 1) * points / RATE).astype(int)
    filters = np.zeros((MEL_BANDS, FFT // 2 + 1))
    for band in range(MEL_BANDS):
        left, center, right = bins[band], bins[band + 1], bins[band + 2]
        filters[band, left:center] = (np.arange(left, center) - left) / max(center - left, 1)
        filters[band, center:right] = (right - np.arange(center, right)) / max(right - center, 1)
    return filters


_FILTERS = _mel_filters()
_DCT = np.cos(np.pi / MEL_BANDS * (np.arange(MEL_BANDS) + 0.5)[None, :] * np.arange(CEPSTRA)[:, None])


def _frames(samples: np.ndarray) -> np.ndarray:
    if len(samples) < FRAME:
        samples = np.pad(samples, (0, FRAME - len(samples)))
    count = 1 + (len(samples) - FRAME) // HOP
    index = np.arange(FRAME)[None, :] + HOP * np.arange(count)[:, None]
    return samples[index] * np.hanning(FRAME)[None, :]


def _pitch(frames: np.ndarray) -> float:
    """Median fundamental frequency (Hz) of the frames, by autocorrelation."""
    low, high = int(RATE / PITCH_RANGE_HZ[1]), int(RATE / PITCH_RANGE_HZ[0])
    spectrum = np.fft.rfft(frames, n=2 * FFT, axis=1)
    correlation = np.fft.irfft(np.abs(spectrum) ** 2, axis=1)[:, :high + 1]
    lags = low + np.argmax(correlation[:, low:high + 1], axis=1)
    strength = correlation[np.arange(len(lags)), lags] / (correlation[:, 0] + 1e-9)
    voiced = lags[strength > 0.3]
    return float(np.median(RATE / voiced)) if len(voiced) else 0.0


def features(samples: np.ndarray, segment: Segment) -> np.ndarray | None:
    """A voice print of one segment: mean and spread of its cepstra over voiced frames, and its pitch."""
    piece = samples[int(segment.start * RATE):int(segment.end * RATE)]
    if len(piece) < FRAME * 4:
        return None
    frames = _frames(piece)
    power = np.abs(np.fft.rfft(frames, n=FFT, axis=1)) ** 2
    energy = np.log(power.sum(axis=1) + 1e-10)
    voiced = energy > np.percentile(energy, VOICED_PERCENTILE)
    if voiced.sum() < MIN_VOICED_FRAMES:
        return None
    cepstra = (np.log(power[voiced] @ _FILTERS.T + 1e-10) @ _DCT.T)[:, 1:]
    pitch = _pitch(frames[voiced])
    return np.concatenate([cepstra.mean(axis=0), cepstra.std(axis=0), [np.log(pitch) if pitch else 0.0]])


SWITCH_PROBABILITY = 0.65  # consecutive segments of a conversation change speaker more often than not


def smooth(scaled: np.ndarray, labels: np.ndarray, rounds: int = 3) -> np.ndarray:
    """Re-label with a two-state Viterbi: closeness to each voice's centre, and turns that tend to alternate.

    A segment whose voice is ambiguous (a short answer, a noisy stretch) takes the speaker the turn-taking
    implies; a clearly different voice still wins over the prior.
    """
    stay, switch = np.log(1 - SWITCH_PROBABILITY), np.log(SWITCH_PROBABILITY)
    for _ in range(rounds):
        if len(set(labels.tolist())) < 2:
            return labels
        centers = np.stack([scaled[labels == k].mean(axis=0) for k in range(2)])
        squared = ((scaled[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)
        spread = max(float(np.mean(squared[np.arange(len(labels)), labels])), 1e-6)
        emission = -squared / (2 * spread)
        score, back = emission[0].copy(), []
        for row in emission[1:]:
            options = score[:, None] + np.array([[stay, switch], [switch, stay]])
            back.append(np.argmax(options, axis=0))
            score = options.max(axis=0) + row
        path = [int(np.argmax(score))]
        for pointers in reversed(back):
            path.append(int(pointers[path[-1]]))
        new = np.array(path[::-1])
        if (new == labels).all():
            break
        labels = new
    return labels


def cluster(prints: np.ndarray, iterations: int = 20) -> np.ndarray:
    """Two groups by k-means on standardised prints, seeded by the two prints farthest apart (deterministic),
    then smoothed by turn-taking (see smooth)."""
    if len(prints) < 2:
        return np.zeros(len(prints), dtype=int)
    scaled = (prints - prints.mean(axis=0)) / (prints.std(axis=0) + 1e-6)
    half = (prints.shape[1] - 1) // 2
    scaled = scaled * np.concatenate([np.ones(half), np.full(half, SPREAD_WEIGHT), [PITCH_WEIGHT]])
    distances = np.linalg.norm(scaled[:, None, :] - scaled[None, :, :], axis=2)
    a, b = np.unravel_index(np.argmax(distances), distances.shape)
    centers = scaled[[a, b]]
    labels = np.zeros(len(scaled), dtype=int)
    for _ in range(iterations):
        new = np.argmin(np.linalg.norm(scaled[:, None, :] - centers[None, :, :], axis=2), axis=1)
        if (new == labels).all() and _ > 0:
            break
        labels = new
        centers = np.stack([scaled[labels == k].mean(axis=0) if (labels == k).any() else centers[k]
                            for k in range(2)])
    return smooth(scaled, labels)


def speaker_labels(samples: np.ndarray, segments: list[Segment]) -> list[str]:
    """'S1'/'S2' per segment by voice (S1 speaks first); a segment too short to print takes its neighbour's."""
    prints = [features(samples, segment) for segment in segments]
    known = [i for i, p in enumerate(prints) if p is not None]
    labels: list[str] = [""] * len(segments)
    if not known:
        return labels
    groups = cluster(np.stack([prints[i] for i in known]))
    first = groups[0]
    for index, group in zip(known, groups, strict=True):
        labels[index] = "S1" if group == first else "S2"
    for index in range(len(labels)):
        if not labels[index]:
            labels[index] = next((labels[j] for j in range(index - 1, -1, -1) if labels[j]), "S1")
    return labels


def label_speakers(path: str | Path, segments: list[Segment]) -> list[Segment]:
    """The segments with the speaker label their voice gets in this recording."""
    if not segments:
        return []
    labels = speaker_labels(decode(path), segments)
    return [replace(segment, speaker=label) for segment, label in zip(segments, labels, strict=True)]
