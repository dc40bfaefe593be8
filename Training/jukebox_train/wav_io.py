"""Minimal RIFF/WAVE reader (PCM 8/16/24/32-bit, IEEE float 32/64, WAVE_FORMAT_EXTENSIBLE) without extra packages."""
import struct

import numpy as np

_PCM, _FLOAT, _EXTENSIBLE = 1, 3, 0xFFFE


def _decode(raw, fmt, bits):
    """Samples of the data chunk as float32 in [-1, 1]."""
    if fmt == _FLOAT:
        return np.frombuffer(raw, dtype="<f4" if bits == 32 else "<f8").astype(np.float32)
    if bits == 8:
        return (np.frombuffer(raw, dtype=np.uint8).astype(np.float32) - 128.0) / 128.0
    if bits == 24:
        b = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        ints = (b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)) << 8 >> 8
        return ints.astype(np.float32) / float(1 << 23)
    dtype = {16: "<i2", 32: "<i4"}[bits]
    return np.frombuffer(raw, dtype=dtype).astype(np.float32) / float(1 << (bits - 1))


def read_wav(path):
    """(samples as float32 (frames, channels), sample rate) of the WAV file at `path`."""
    with open(path, "rb") as f:
        blob = f.read()
    if blob[:4] != b"RIFF" or blob[8:12] != b"WAVE":
        raise ValueError(f"{path}: not a RIFF/WAVE file")
    pos, fmt, data = 12, None, None
    while pos + 8 <= len(blob):
        tag, size = blob[pos:pos + 4], struct.unpack("<I", blob[pos + 4:pos + 8])[0]
        body = blob[pos + 8:pos + 8 + size]
        if tag == b"fmt ":
            fmt = struct.unpack("<HHIIHH", body[:16])
            if fmt[0] == _EXTENSIBLE:
                fmt = (struct.unpack("<H", body[24:26])[0],) + fmt[1:]
        elif tag == b"data":
            data = body
        pos += 8 + size + (size & 1)
    if fmt is None or data is None:
        raise ValueError(f"{path}: no fmt or data chunk")
    code, channels, rate, _, _, bits = fmt
    if code not in (_PCM, _FLOAT):
        raise ValueError(f"{path}: unsupported WAV encoding {code}")
    usable = len(data) - len(data) % (channels * bits // 8)
    return _decode(data[:usable], code, bits).reshape(-1, channels), rate
