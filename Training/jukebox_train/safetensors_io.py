"""Read and write the safetensors format without the `safetensors` package.

The format: 8 bytes little-endian header length, a JSON header mapping names to
{dtype, shape, data_offsets}, then the raw little-endian tensor bytes.
"""
import json
import struct

import numpy as np
import torch

_TO_NUMPY = {"F32": np.float32, "F16": np.float16, "F64": np.float64, "I64": np.int64, "I32": np.int32,
             "U8": np.uint8, "I8": np.int8, "BOOL": np.bool_}
_FROM_TORCH = {torch.float32: "F32", torch.float16: "F16", torch.float64: "F64", torch.int64: "I64",
               torch.int32: "I32", torch.uint8: "U8", torch.int8: "I8", torch.bool: "BOOL", torch.bfloat16: "BF16"}


def load(path):
    """Every tensor of the file at `path`, by name, as CPU torch tensors (BF16 stays bfloat16)."""
    with open(path, "rb") as f:
        blob = f.read()
    (length,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + length])
    base = 8 + length
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        raw = blob[base + start:base + end]
        shape = info["shape"]
        if info["dtype"] == "BF16":
            bits = torch.from_numpy(np.frombuffer(raw, dtype=np.int16).copy())
            out[name] = bits.view(torch.bfloat16).reshape(shape)
        else:
            array = np.frombuffer(raw, dtype=_TO_NUMPY[info["dtype"]]).copy()
            out[name] = torch.from_numpy(array).reshape(shape)
    return out


def metadata(path):
    """The header's `__metadata__` strings, or {}."""
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        return json.loads(f.read(length)).get("__metadata__", {})


def save(tensors, path, meta=None):
    """Write `tensors` (name -> tensor) to `path` in name order."""
    header, chunks, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name].detach().cpu().contiguous()
        raw = t.view(torch.int16).numpy().tobytes() if t.dtype == torch.bfloat16 else t.numpy().tobytes()
        header[name] = {"dtype": _FROM_TORCH[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    if meta:
        header["__metadata__"] = {str(k): str(v) for k, v in meta.items()}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in chunks:
            f.write(raw)
