"""Audio for primers: WAV files made here, and the sox-made bomb files kept in a cache folder."""

import math
import os
import random
import shutil
import struct
import subprocess
import tempfile

from hostile.processes import kill_process, spawn
from hostile.report import Problem


def wav_bytes(seconds, rate=44100, channels=1, freq=440.0, amplitude=0.3, seed=None):
    """A 16-bit PCM WAV file: a sine (or seeded noise when seed is given)."""
    frames = int(seconds * rate)
    rng = random.Random(seed)
    samples = bytearray()
    for i in range(frames):
        value = rng.uniform(-amplitude, amplitude) if seed is not None else amplitude * math.sin(2 * math.pi * freq * i / rate)
        samples += struct.pack("<h", int(value * 32767)) * channels
    return wav_header(len(samples), rate, channels) + bytes(samples)


def wav_header(data_bytes, rate, channels, bits=16):
    block = channels * bits // 8
    fmt = struct.pack("<HHIIHH", 1, channels, rate, rate * block, block, bits)
    return b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt + \
        b"data" + struct.pack("<I", data_bytes)


# Each is made by sox once and kept in the cache folder (the Ogg takes sox most of a minute).
BOMBS = {
    # 192 kHz, 64 channels, 59 s of Vorbis silence: about 5 KB a second, 2.9 GB as float.
    "bomb-192k-64ch-59s.ogg": ["-D", "-n", "-r", "192000", "-c", "64", "-C", "-1", "OUT", "trim", "0", "59"],
    # 384 kHz, 8 channels, 59 s of FLAC silence: about 200 KB, 0.7 GB as float.
    "silence-384k-8ch-59s.flac": ["-D", "-n", "-r", "384000", "-c", "8", "-b", "16", "OUT", "trim", "0", "59"],
}
BOMB_MAKERS = {}


def cache_folder():
    folder = os.environ.get("HOSTILE_CACHE") or os.path.join(tempfile.gettempdir(), "jukebox-hostile-cache")
    os.makedirs(folder, exist_ok=True)
    return folder


def start_bomb_files():
    """Starts sox in the background for each bomb not yet in the cache."""
    if not shutil.which("sox"):
        return
    for name, args in BOMBS.items():
        path = os.path.join(cache_folder(), name)
        if os.path.exists(path):
            continue
        partial = "%s.part-%d%s" % (path, os.getpid(), os.path.splitext(name)[1])
        BOMB_MAKERS[name] = (spawn(["sox"] + [partial if a == "OUT" else a for a in args],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE), partial)


def bomb_file(name, timeout=150):
    """The path of a finished bomb file, waiting for sox when it is still at work."""
    path = os.path.join(cache_folder(), name)
    if name in BOMB_MAKERS:
        process, partial = BOMB_MAKERS.pop(name)
        try:
            _, errors = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_process(process)
            raise Problem("sox did not make %s within %d s" % (name, timeout))
        if process.returncode != 0:
            raise Problem("sox failed making %s: %s" % (name, errors.decode(errors="replace")[-300:]))
        os.rename(partial, path)
    if not os.path.exists(path):
        raise Problem("%s is missing (is sox installed?)" % path)
    return path
