"""The prior's transformer: pre-LayerNorm residual blocks of factored attention and an MLP.

Written after jukebox/transformer/transformer.py (Transformer, ResAttnBlock, MLP) @ 08efbbc.
"""
import torch.nn as nn

from .factored_attention import FactoredAttention
from .transformer_ops import Conv1D, LayerNorm, quick_gelu


class MLP(nn.Module):
    """Two position-wise layers with quick GELU (`c_fc`, `c_proj`)."""

    def __init__(self, n_in, n_state, resid_dropout=0.0, zero_out=False, init_scale=1.0):
        super().__init__()
        self.c_fc = Conv1D(n_in, n_state, init_scale=init_scale)
        self.c_proj = Conv1D(n_state, n_in, zero_out, init_scale=init_scale)
        self.resid_dropout = nn.Dropout(resid_dropout)

    def forward(self, x):
        """MLP output for x (batch, length, n_in)."""
        return self.resid_dropout(self.c_proj(quick_gelu(self.c_fc(x))))


class ResAttnBlock(nn.Module):
    """x + a + m with a = attn(ln_0(x)) and m = mlp(ln_1(x + a)), optionally scaled."""

    def __init__(self, width, n_head, attn_func, blocks, m_attn, m_mlp, res_scale, attn_dropout, resid_dropout,
                 zero_out, init_scale):
        super().__init__()
        self.attn = FactoredAttention(width, int(m_attn * width), n_head, attn_func, blocks,
                                      attn_dropout=attn_dropout, resid_dropout=resid_dropout,
                                      zero_out=zero_out, init_scale=init_scale)
        self.ln_0 = LayerNorm(width)
        self.mlp = MLP(width, int(m_mlp * width), resid_dropout=resid_dropout, zero_out=zero_out,
                       init_scale=init_scale)
        self.ln_1 = LayerNorm(width)
        self.res_scale = res_scale

    def forward(self, x):
        """One residual block."""
        a = self.attn(self.ln_0(x))
        m = self.mlp(self.ln_1(x + a))
        if self.res_scale == 1.0:
            return x + a + m
        return x + self.res_scale * (a + m)


class Transformer(nn.Module):
    """Stack of residual attention blocks (`_attn_mods.N`), one attention kind per layer."""

    def __init__(self, hps):
        super().__init__()
        res_scale = 1.0 / hps.prior_depth if hps.res_scale else 1.0
        self._attn_mods = nn.ModuleList([
            ResAttnBlock(hps.prior_width, hps.heads, kind, hps.blocks, hps.m_attn, hps.m_mlp, res_scale,
                         hps.attn_dropout, hps.resid_dropout, hps.zero_out, hps.init_scale)
            for kind in hps.attn_funcs])

    def forward(self, x):
        """Run every block over x (batch, length, width)."""
        for block in self._attn_mods:
            x = block(x)
        return x
