"""A Jukebox prior without lyrics (the reference's `SimplePrior`), with the reference's parameter names.

Top prior (level 2): label start token + timing embedding. Upsamplers (levels 1, 0): label start token +
conditioning on the codes of the level above (`conditioner_blocks.0`). `forward` is teacher forcing.

Written after jukebox/prior/prior.py (SimplePrior) @ 08efbbc.
"""
import math

import torch.nn as nn
import torch.nn.functional as F

from .autoregressive import ConditionalAutoregressive
from .label_conditioner import LabelConditioner
from .upsampler_conditioner import Conditioner


class JukeboxPrior(nn.Module):
    """One level's prior; `state_dict()` keys equal the reference checkpoint's."""

    def __init__(self, hps):
        super().__init__()
        hps.check()
        self.hps = hps
        if hps.is_upsampler:
            self.conditioner_blocks = nn.ModuleList([Conditioner(hps)])
        if hps.labels:
            self.y_emb = LabelConditioner(hps, include_time_signal=not hps.is_upsampler)
        self.prior = ConditionalAutoregressive(hps)

    def get_cond(self, y=None, z_cond=None):
        """(x_cond, y_cond): per-position conditioning (batch, n_ctx, width) or None, start token or None."""
        y_cond, timing = self.y_emb(y) if self.hps.labels else (None, None)
        if self.hps.is_upsampler:
            if z_cond is None:
                raise ValueError("an upsampler needs z_cond, the codes of the level above")
            return self.conditioner_blocks[0](z_cond), y_cond
        return timing, y_cond

    def forward(self, z, y=None, z_cond=None):
        """Teacher-forced logits (batch, n_ctx, l_bins) for codes z (batch, n_ctx)."""
        if z.shape[1] != self.hps.n_ctx:
            raise ValueError(f"expected windows of {self.hps.n_ctx} tokens, got {z.shape[1]}")
        x_cond, y_cond = self.get_cond(y, z_cond)
        return self.prior(z, x_cond, y_cond)

    def loss(self, z, y=None, z_cond=None):
        """Mean next-token cross-entropy in nats over every position of the batch."""
        logits = self.forward(z, y, z_cond)
        return F.cross_entropy(logits.reshape(-1, logits.shape[-1]).float(), z.reshape(-1).long())


def nats_to_bits(nats):
    """Convert a cross-entropy in nats to bits."""
    return nats / math.log(2.0)


def build_prior(hps, device=None):
    """A freshly initialised prior for `hps` (a PriorHparams), on `device` if given."""
    prior = JukeboxPrior(hps)
    return prior.to(device) if device is not None else prior
