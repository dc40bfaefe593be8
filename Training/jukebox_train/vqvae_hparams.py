"""The VQ-VAE's hyper-parameters under the reference's names (jukebox/hparams.py).

Training defaults follow the official `vqvae` set (lmix loss with l2 1.0 and linf 0.02, multispectral 1.0,
commit 0.02, EMA decay 0.99). `bandwidth` holds the data statistics the reference divides the losses by
(`calculate_bandwidth`); it is filled in from the training audio before training.
"""
import dataclasses
from dataclasses import dataclass, field
from typing import Optional, Tuple

import numpy as np


@dataclass
class VQVAEHparams:
    """Every field `make_vqvae` and the VQ-VAE loss read, with the reference's name."""

    sr: int = 44100
    levels: int = 3
    downs_t: Tuple[int, ...] = (3, 2, 2)
    strides_t: Tuple[int, ...] = (2, 2, 2)
    emb_width: int = 64
    l_bins: int = 2048
    l_mu: float = 0.99
    revival_threshold: float = 1.0
    width: int = 32
    depth: int = 4
    m_conv: float = 1.0
    dilation_growth_rate: int = 3
    dilation_cycle: Optional[int] = None
    hvqvae_multipliers: Tuple[int, ...] = (2, 1, 1)
    vqvae_reverse_decoder_dilation: bool = True
    use_bottleneck: bool = True
    commit: float = 0.02
    spectral: float = 0.0
    multispectral: float = 1.0
    loss_fn: str = "lmix"
    lmix_l1: float = 0.0
    lmix_l2: float = 1.0
    lmix_linf: float = 0.02
    linf_k: int = 2048
    use_nonrelative_specloss: bool = True
    multispec_loss_n_fft: Tuple[int, ...] = (2048, 1024, 512)
    multispec_loss_hop_length: Tuple[int, ...] = (240, 120, 50)
    multispec_loss_window_size: Tuple[int, ...] = (1200, 600, 240)
    sample_length: int = 0
    bandwidth: Optional[dict] = field(default=None)

    @classmethod
    def from_dict(cls, values):
        """Build from a dict (e.g. a checkpoint's `hps`), ignoring keys that are not VQ-VAE fields."""
        names = {f.name for f in dataclasses.fields(cls)}
        kept = {k: v for k, v in dict(values).items() if k in names}
        for key, value in kept.items():
            if isinstance(value, list):
                kept[key] = tuple(value)
        return cls(**kept)

    def to_dict(self):
        """Plain-Python dict (lists for tuples) suitable for JSON and for a checkpoint's `hps`."""
        out = dataclasses.asdict(self)
        for key, value in out.items():
            if isinstance(value, tuple):
                out[key] = list(value)
        return out

    def replace(self, **changes):
        """A copy with the given fields changed."""
        return dataclasses.replace(self, **changes)

    @property
    def hop_lengths(self):
        """Raw samples per code at each level (cumulative product of stride ** down)."""
        return [int(h) for h in np.cumprod([s ** d for s, d in zip(self.strides_t, self.downs_t)])]

    def level_width(self, level):
        """Channel width of level `level`'s encoder and decoder."""
        return self.width * self.hvqvae_multipliers[level]

    def level_depth(self, level):
        """Residual blocks per stack at level `level`."""
        return self.depth * self.hvqvae_multipliers[level]


def classical():
    """The candidate default model's shape: 22,050 Hz, l_bins 512, width 32, depth 4, emb_width 64."""
    return VQVAEHparams(sr=22050, l_bins=512, sample_length=32768)


def tiny():
    """Smallest model with the full structure (3 levels, hops 8/32/128), for CPU smoke tests."""
    return VQVAEHparams(sr=22050, width=8, depth=1, l_bins=64, emb_width=16, linf_k=256, sample_length=4096)
