"""Hyper-parameters of one Jukebox prior, under the reference's `hps` names.

`to_dict()` is what goes into a checkpoint's `hps` (and what `jukeboxd convert` reads back);
`from_dict()` accepts a full reference `hps` dict and ignores keys it does not know.
`l_bins`, `downs_t` and `strides_t` describe the VQ-VAE the prior models (the reference takes them
from the VQ-VAE, not from the prior's own settings; its levels are `len(downs_t)`).
"""
import dataclasses
import math
from dataclasses import dataclass, field
from typing import List, Optional

# attn_order -> attention kind per layer (0 dense, 1 own block, 2 transpose block, 3 previous block).
ATTN_CYCLES = {0: (0,), 1: (1, 2), 2: (1, 2, 3)}


@dataclass
class PriorHparams:
    """One prior's settings; field names equal the reference's `hps` keys."""

    level: int
    n_ctx: int
    prior_width: int
    prior_depth: int
    heads: int
    blocks: int
    attn_order: int = 2
    m_attn: float = 0.25
    m_mlp: float = 1.0
    spread: Optional[int] = None
    zero_out: bool = False
    res_scale: bool = False
    pos_init: bool = False
    init_scale: float = 1.0
    attn_dropout: float = 0.0
    resid_dropout: float = 0.0
    emb_dropout: float = 0.0
    labels: bool = True
    labels_v3: bool = False
    y_bins: List[int] = field(default_factory=lambda: [7, 21])
    max_bow_genre_size: int = 1
    t_bins: int = 128
    min_duration: Optional[float] = None
    max_duration: Optional[float] = None
    sr: int = 22050
    cond_width: Optional[int] = None
    cond_depth: Optional[int] = None
    cond_m_conv: float = 1.0
    cond_dilation_growth_rate: Optional[int] = None
    cond_dilation_cycle: Optional[int] = None
    cond_c_res: int = 1
    cond_res_scale: bool = False
    cond_zero_out: bool = False
    n_vocab: int = 80
    n_tokens: int = 0
    use_tokens: bool = False
    prime_loss_fraction: float = 0.0
    merged_decoder: bool = False
    single_enc_dec: bool = False
    copy_input: bool = False
    fp16_params: bool = False
    l_bins: int = 512
    downs_t: List[int] = field(default_factory=lambda: [3, 2, 2])
    strides_t: List[int] = field(default_factory=lambda: [2, 2, 2])

    @classmethod
    def from_dict(cls, hps, **overrides):
        """Build from a (reference or own) `hps` dict; unknown keys are ignored, `overrides` win."""
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in dict(hps).items() if k in names}
        values.update(overrides)
        for key in ("y_bins", "downs_t", "strides_t"):
            if key in values:
                values[key] = [int(v) for v in values[key]]
        return cls(**values)

    def to_dict(self):
        """Plain-Python `hps` dict for a checkpoint (keys whose value is None are left out)."""
        out = {}
        for key, value in dataclasses.asdict(self).items():
            if value is not None:
                out[key] = list(value) if isinstance(value, (list, tuple)) else value
        return out

    @property
    def is_upsampler(self):
        """Whether this prior is conditioned on the codes of the level above."""
        return self.level != len(self.downs_t) - 1

    @property
    def raw_to_tokens(self):
        """Audio samples per token at this level (product of the strides up to it)."""
        return math.prod(s ** d for s, d in zip(self.strides_t[:self.level + 1], self.downs_t[:self.level + 1]))

    @property
    def cond_downsample(self):
        """Tokens of this level per token of the level above (None for the top prior)."""
        if not self.is_upsampler:
            return None
        return self.strides_t[self.level + 1] ** self.downs_t[self.level + 1]

    @property
    def sample_length(self):
        """Window length in audio samples (`n_ctx * raw_to_tokens`)."""
        return self.n_ctx * self.raw_to_tokens

    @property
    def attn_funcs(self):
        """Attention kind of every transformer layer (reference `attn_func`)."""
        cycle = ATTN_CYCLES[self.attn_order]
        return [cycle[d % len(cycle)] for d in range(self.prior_depth)]

    @property
    def y_length(self):
        """Length of the label vector: total_length, offset, sample_length, artist, genres."""
        return 4 + self.max_bow_genre_size

    def check(self):
        """Raise ValueError when the settings cannot be built by this trainer."""
        if self.use_tokens or self.n_tokens or self.single_enc_dec:
            raise ValueError("lyrics conditioning is not supported by this trainer")
        if self.attn_order not in ATTN_CYCLES:
            raise ValueError(f"attn_order {self.attn_order} not supported (have {sorted(ATTN_CYCLES)})")
        if self.n_ctx % self.blocks:
            raise ValueError(f"blocks {self.blocks} must divide n_ctx {self.n_ctx}")
        if int(self.m_attn * self.prior_width) % self.heads:
            raise ValueError("heads must divide the attention width int(m_attn * prior_width)")
        if self.labels and not self.is_upsampler and (self.min_duration is None or self.max_duration is None):
            raise ValueError("a top prior with labels needs min_duration and max_duration")
        if self.is_upsampler and not (self.cond_width and self.cond_depth and self.cond_dilation_growth_rate):
            raise ValueError("an upsampler needs cond_width, cond_depth and cond_dilation_growth_rate")


def classical_top():
    """Top prior of the `classical` default model (5b top-prior structure without lyrics)."""
    return PriorHparams(level=2, n_ctx=1536, prior_width=384, prior_depth=9, heads=2, blocks=24, t_bins=64,
                        min_duration=8.0, max_duration=600.0, merged_decoder=True,
                        attn_dropout=0.1, resid_dropout=0.1, emb_dropout=0.1)


def classical_upsampler(level):
    """Upsampler (level 0 or 1) of the `classical` default model."""
    return PriorHparams(level=level, n_ctx=2048, prior_width=256, prior_depth=8, heads=2, blocks=32,
                        cond_width=96, cond_depth=4, cond_dilation_growth_rate=3, cond_dilation_cycle=8,
                        cond_res_scale=(level == 1))


def tiny_top():
    """Smallest top prior with the classical structure (every attention kind, labels, timing signal)."""
    return PriorHparams(level=2, n_ctx=64, prior_width=32, prior_depth=3, heads=1, blocks=4, t_bins=16,
                        min_duration=0.0, max_duration=600.0, merged_decoder=True)


def tiny_upsampler(level):
    """Smallest upsampler with the classical structure, for CPU smoke tests."""
    return PriorHparams(level=level, n_ctx=64, prior_width=32, prior_depth=3, heads=1, blocks=4,
                        cond_width=16, cond_depth=1, cond_dilation_growth_rate=3, cond_dilation_cycle=8,
                        cond_res_scale=(level == 1))
