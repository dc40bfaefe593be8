"""Audio clean-up and WAV files: silence trimmed, rests shortened, loudness normalised, 16-bit mono WAV.

Silence is relative to the piece: a 10 ms frame is silent when its RMS is SILENCE_DB below the RMS of the raw
rendering. The sound starts at the first sample reaching that level in the first non-silent frame and ends with
the last non-silent frame; inside, a run of silent frames longer than MAX_REST seconds keeps only its first
MAX_REST seconds. Then the piece is scaled to an
RMS of TARGET_DBFS unless its peak would pass PEAK_CEILING, in which case the peak sets the gain.
"""
import hashlib
import wave

import numpy as np

from .. import wav_io

SILENCE_DB = -40.0
MAX_REST = 0.25
TARGET_DBFS = -20.0
PEAK_CEILING = 0.89
FRAME_SECONDS = 0.01


class SilentAudio(ValueError):
    """A rendering with no sound in it."""


def rms(x):
    """Root mean square of `x` (0 for an empty array)."""
    return float(np.sqrt(np.mean(np.square(x, dtype=np.float64)))) if len(x) else 0.0


def frame_rms(x, frame):
    """RMS of each `frame`-sample frame of `x` (the last one may be shorter)."""
    count = -(-len(x) // frame)
    padded = np.zeros(count * frame, dtype=np.float64)
    padded[:len(x)] = np.square(x, dtype=np.float64)
    sums = padded.reshape(count, frame).sum(axis=1)
    sizes = np.full(count, frame, dtype=np.float64)
    sizes[-1] = len(x) - (count - 1) * frame
    return np.sqrt(sums / sizes)


def silent_runs(x, threshold, frame):
    """(start frame, length) of each run of frames of `x` whose RMS is below `threshold`."""
    quiet = np.concatenate(([False], frame_rms(x, frame) < threshold, [False]))
    edges = np.flatnonzero(np.diff(quiet.astype(np.int8)))
    return [(int(a), int(b - a)) for a, b in zip(edges[0::2], edges[1::2])]


def sound_bounds(x, threshold, frame):
    """(start, end) of the sound in `x`: from the first sample reaching `threshold` in the first `frame`-sample
    frame whose RMS reaches it, to the end of the last such frame. Raises SilentAudio when there is none."""
    loud = np.flatnonzero(frame_rms(x, frame) >= threshold) if threshold > 0 and len(x) else []
    if len(loud) == 0:
        raise SilentAudio("the rendering is silent")
    first = int(loud[0]) * frame
    onset = np.flatnonzero(np.abs(x[first:first + frame]) >= threshold)
    return first + (int(onset[0]) if len(onset) else 0), min(len(x), (int(loud[-1]) + 1) * frame)


def tidy(x, sample_rate, max_seconds=None):
    """`x` (float mono) trimmed, its rests shortened, cut to `max_seconds`, loudness normalised (float32)."""
    threshold = rms(x) * 10 ** (SILENCE_DB / 20)
    frame = round(sample_rate * FRAME_SECONDS)
    start, end = sound_bounds(x, threshold, frame)
    x = x[start:end]
    keep_frames = int(MAX_REST * sample_rate) // frame
    keep = np.ones(len(x), dtype=bool)
    for first, length in silent_runs(x, threshold, frame):
        if length > keep_frames:
            keep[(first + keep_frames) * frame:(first + length) * frame] = False
    x = x[keep]
    if max_seconds is not None and len(x) > max_seconds * sample_rate:
        x = x[:int(max_seconds * sample_rate)]
        x = x[:sound_bounds(x, threshold, frame)[1]]
    gain = min(10 ** (TARGET_DBFS / 20) / rms(x), PEAK_CEILING / float(np.max(np.abs(x))))
    return (x * gain).astype(np.float32)


def write_wav(path, x, sample_rate):
    """Writes float `x` (mono, within [-1, 1]) as a 16-bit PCM WAV file."""
    pcm = np.clip(np.round(np.asarray(x, dtype=np.float64) * 32767), -32768, 32767).astype("<i2")
    with wave.open(path, "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(sample_rate)
        f.writeframes(pcm.tobytes())


def read_wav(path):
    """(float32 samples, sample rate, channels) of a WAV file; samples are (n,) or (n, channels)."""
    samples, rate = wav_io.read_wav(path)
    channels = samples.shape[1]
    return (samples[:, 0] if channels == 1 else samples), rate, channels


def sha256_file(path):
    """Hex SHA-256 of the file at `path`."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
