#!/usr/bin/env python3
"""Writes a synthetic top prior in PyTorch's LEGACY torch.save format, without torch.

The file has the key layout of a 1b_lyrics-style top prior (merged lyric + music
sequence, attn_order 12) with random float values: Conv1D weights float16, everything
else float32, as the official files store them. It is for timing and memory benchmarks of
`jukeboxd convert` on large files; it is never committed. The matching hyper-parameters
are written beside it (`--hparams-out`) under the reference's names.

Usage: make-synthetic-checkpoint.py OUT.pth.tar --width 2048 --depth 72 [--l-bins 64]
       [--hparams-out prior_level_2.json]
"""
import argparse, collections, io, json, os, pickle, struct, sys, types

import numpy as np

# Fake torch modules, so pickle writes GLOBAL torch._utils._rebuild_tensor_v2 and
# torch.HalfStorage / torch.FloatStorage exactly as torch.save does.
torch = types.ModuleType("torch")
utils = types.ModuleType("torch._utils")
def _rebuild_tensor_v2(*args):  # never called: only its name is pickled
    raise RuntimeError("not callable")
utils._rebuild_tensor_v2 = _rebuild_tensor_v2
class FloatStorage: pass
class HalfStorage: pass
FloatStorage.__module__ = HalfStorage.__module__ = "torch"
_rebuild_tensor_v2.__module__ = "torch._utils"
torch.FloatStorage, torch.HalfStorage, torch._utils = FloatStorage, HalfStorage, utils
sys.modules["torch"], sys.modules["torch._utils"] = torch, utils


class Storage:
    def __init__(self, key, cls, numel):
        self.key, self.cls, self.numel = key, cls, numel


class Tensor:
    def __init__(self, storage, shape):
        self.storage, self.shape = storage, shape

    def __reduce__(self):
        stride, acc = [], 1
        for size in reversed(self.shape):
            stride.insert(0, acc)
            acc *= size
        return (_rebuild_tensor_v2,
                (self.storage, 0, tuple(self.shape), tuple(stride), False, collections.OrderedDict()))


class Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            return ("storage", obj.cls, obj.key, "cpu", obj.numel, None)
        return None


def layout(width, depth, n_ctx, n_tokens, l_bins, n_vocab, t_bins, y_bins):
    s = width // 4
    names = [("y_emb.bow_genre_emb.emb.weight", [y_bins[0], width]),
             ("y_emb.artist_emb.emb.weight", [y_bins[1], width])]
    names += [(f"y_emb.{t}_emb.emb.weight", [t_bins, width]) for t in ("total_length", "absolute_pos", "relative_pos")]
    names += [("prior.x_emb.weight", [n_vocab + l_bins, width]), ("prior.pos_emb.pos_emb", [n_tokens + n_ctx, width])]
    for d in range(depth):
        p = f"prior.transformer._attn_mods.{d}"
        names += [(f"{p}.attn.c_attn.w", [width, 3 * s]), (f"{p}.attn.c_attn.b", [3 * s]),
                  (f"{p}.attn.c_proj.w", [s, width]), (f"{p}.attn.c_proj.b", [width]),
                  (f"{p}.ln_0.weight", [width]), (f"{p}.ln_0.bias", [width]),
                  (f"{p}.mlp.c_fc.w", [width, width]), (f"{p}.mlp.c_fc.b", [width]),
                  (f"{p}.mlp.c_proj.w", [width, width]), (f"{p}.mlp.c_proj.b", [width]),
                  (f"{p}.ln_1.weight", [width]), (f"{p}.ln_1.bias", [width])]
    names.append(("prior.x_out.weight", [n_vocab + l_bins, width]))
    return names


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--width", type=int, default=2048)
    parser.add_argument("--depth", type=int, default=72)
    parser.add_argument("--n-ctx", type=int, default=6144)
    parser.add_argument("--l-bins", type=int, default=2048)
    parser.add_argument("--hparams-out")
    args = parser.parse_args()
    n_tokens, n_vocab, t_bins, y_bins, blocks = 384, 79, 64, [604, 7898], 64
    tensors = layout(args.width, args.depth, args.n_ctx, n_tokens, args.l_bins, n_vocab, t_bins, y_bins)
    rng = np.random.default_rng(0)
    state, storages = collections.OrderedDict(), []
    for index, (name, shape) in enumerate(tensors):
        half = name.endswith(".w")
        storage = Storage(str(1000 + index), HalfStorage if half else FloatStorage, int(np.prod(shape)))
        storages.append((storage, half))
        state[name] = Tensor(storage, shape)
    with open(args.out, "wb") as f:
        for obj in (0x1950A86A20F9469CFC6C, 1001,
                    {"protocol_version": 1001, "little_endian": True, "type_sizes": {"short": 2, "int": 4, "long": 8}}):
            pickle.dump(obj, f, protocol=2)
        Pickler(f, protocol=2).dump({"hps": {"name": "synthetic"}, "model": state, "opt": None, "step": 1})
        pickle.dump(sorted(s.key for s, _ in storages), f, protocol=2)
        for storage, half in sorted(storages, key=lambda item: item[0].key):
            f.write(struct.pack("<q", storage.numel))
            left = storage.numel
            while left > 0:  # a few MB at a time
                n = min(left, 1 << 22)
                values = rng.standard_normal(n, dtype=np.float32) * 0.02
                f.write((values.astype(np.float16) if half else values).tobytes())
                left -= n
    if args.hparams_out:
        json.dump({"level": 2, "n_ctx": args.n_ctx, "prior_width": args.width, "prior_depth": args.depth,
                   "heads": 2, "attn_order": 12, "blocks": blocks, "y_bins": y_bins, "labels_v3": True,
                   "t_bins": t_bins, "min_duration": 17.84, "max_duration": 600.0, "max_bow_genre_size": 1,
                   "use_tokens": True, "n_tokens": n_tokens, "n_vocab": n_vocab, "single_enc_dec": True},
                  open(args.hparams_out, "w"))
    print(f"{args.out}: {os.path.getsize(args.out) / 1e9:.2f} GB, {len(tensors)} tensors")


if __name__ == "__main__":
    main()
