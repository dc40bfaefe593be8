"""Prior checkpoints in the official format: torch.save({'hps', 'model', 'opt', 'step'}).

`model` holds the state_dict under the reference's key names (float32, CPU), so the file loads into the
reference and into `jukeboxd convert`; `hps` is a plain dict of the reference's hyper-parameter names.
"""
import os

import torch

from .prior import build_prior
from .prior_hparams import PriorHparams


def _to_cpu(value):
    """A copy of nested tensors/dicts/lists with every tensor moved to the CPU."""
    if torch.is_tensor(value):
        return value.detach().cpu()
    if isinstance(value, dict):
        return {k: _to_cpu(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_to_cpu(v) for v in value)
    return value


def save_checkpoint(path, prior, optimizer=None, step=0):
    """Write the prior (and optimizer state) to `path` atomically (temporary file, then rename)."""
    state = {"hps": prior.hps.to_dict(),
             "model": {k: v.detach().float().cpu() for k, v in prior.state_dict().items()},
             "opt": _to_cpu(optimizer.state_dict()) if optimizer is not None else None,
             "step": int(step)}
    tmp = f"{path}.tmp"
    torch.save(state, tmp)
    os.replace(tmp, path)


def load_checkpoint(path, prior, optimizer=None, map_location="cpu"):
    """Load weights (strict) and, when given and stored, optimizer state into existing objects; returns step."""
    state = torch.load(path, map_location=map_location)
    prior.load_state_dict(state["model"], strict=True)
    if optimizer is not None and state.get("opt") is not None:
        optimizer.load_state_dict(state["opt"])
    return int(state.get("step", 0))


def load_prior(path, device=None, **overrides):
    """Build a prior from a checkpoint's stored hps (fields overridable) and load its weights."""
    state = torch.load(path, map_location="cpu")
    prior = build_prior(PriorHparams.from_dict(state["hps"], **overrides))
    prior.load_state_dict(state["model"], strict=True)
    return prior.to(device) if device is not None else prior
