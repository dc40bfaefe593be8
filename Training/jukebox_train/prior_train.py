"""One optimisation step of a prior, held-out bits per token, and the unigram reference figure."""
import contextlib

import numpy as np
import torch

from .prior import nats_to_bits
from .prior_windows import collate


def _autocast(device, dtype):
    """Autocast context for `dtype` (e.g. torch.bfloat16) on `device`, or a no-op when dtype is None."""
    if dtype is None:
        return contextlib.nullcontext()
    return torch.autocast(device_type=device.type, dtype=dtype)


def train_step(prior, optimizer, batch, grad_clip=None, autocast_dtype=None):
    """Teacher-forced step on a batch dict {'z','y','z_cond'}; returns the batch's loss in nats."""
    prior.train()
    optimizer.zero_grad(set_to_none=True)
    with _autocast(batch["z"].device, autocast_dtype):
        loss = prior.loss(batch["z"], batch["y"], batch["z_cond"])
    loss.backward()
    if grad_clip is not None:
        torch.nn.utils.clip_grad_norm_(prior.parameters(), grad_clip)
    optimizer.step()
    return float(loss.detach())


@torch.no_grad()
def heldout_bits(prior, windows, batch_size=16, device=None, autocast_dtype=None):
    """Mean cross-entropy in bits per token of `prior` over every token of `windows` (eval mode)."""
    if not windows:
        raise ValueError("no held-out windows")
    device = device if device is not None else next(prior.parameters()).device
    was_training = prior.training
    prior.eval()
    total = 0.0
    for i in range(0, len(windows), batch_size):
        chunk = windows[i:i + batch_size]
        batch = collate(chunk, device)
        with _autocast(batch["z"].device, autocast_dtype):
            loss = prior.loss(batch["z"], batch["y"], batch["z_cond"])
        total += float(loss) * len(chunk)
    prior.train(was_training)
    return nats_to_bits(total / len(windows))


def unigram_bits(pieces, level, l_bins):
    """Entropy in bits of the codes' unigram distribution at `level` (the no-context baseline)."""
    counts = np.zeros(l_bins, dtype=np.float64)
    for piece in pieces:
        counts += np.bincount(np.asarray(piece.codes[level]), minlength=l_bins)[:l_bins]
    p = counts[counts > 0] / counts.sum()
    return float(-(p * np.log2(p)).sum())
