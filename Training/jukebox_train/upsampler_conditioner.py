"""Conditioning of an upsampler on the codes of the level above (`conditioner_blocks.0`).

The upper codes are embedded at the prior's width, upsampled in time by a VQ-VAE-decoder-style block
(a 3-wide convolution, then per doubling a dilated residual stack and a transposed convolution) and
layer-normalised: one vector per token of this level, added to the token embeddings.

Written after jukebox/prior/conditioners.py (Conditioner), jukebox/vqvae/encdec.py (DecoderConvBock),
jukebox/vqvae/resnet.py (Resnet1D) @ 08efbbc.
"""
import math

import torch.nn as nn

from .transformer_ops import LayerNorm


class ResConv1DBlock(nn.Module):
    """x + scale * conv1(relu(conv3_dilated(relu(x)))) (`model.1`, `model.3`)."""

    def __init__(self, width, state, dilation, zero_out, res_scale):
        super().__init__()
        self.model = nn.Sequential(nn.ReLU(), nn.Conv1d(width, state, 3, 1, dilation, dilation),
                                   nn.ReLU(), nn.Conv1d(state, width, 1, 1, 0))
        if zero_out:
            nn.init.zeros_(self.model[-1].weight)
            nn.init.zeros_(self.model[-1].bias)
        self.res_scale = res_scale

    def forward(self, x):
        """Residual block on x (batch, channels, time)."""
        return x + self.res_scale * self.model(x)


class Resnet1D(nn.Module):
    """Stack of dilated residual blocks; held as `blocks` when c_res is 1, else as `model` (reference names)."""

    def __init__(self, width, depth, m_conv, growth, cycle, zero_out, res_scale, c_res):
        super().__init__()
        scale = 1.0 / math.sqrt(depth) if res_scale else 1.0
        layers = [ResConv1DBlock(width, int(m_conv * width), growth ** (d % cycle if cycle else d), zero_out, scale)
                  for d in range(depth)]
        self.stack_name = "blocks" if c_res == 1 else "model"
        setattr(self, self.stack_name, nn.Sequential(*layers) if c_res != 1 else nn.ModuleList(layers))

    def forward(self, x):
        """Run the residual stack."""
        for layer in getattr(self, self.stack_name):
            x = layer(x)
        return x


class DecoderConvBock(nn.Module):
    """Upsample by stride_t ** down_t: conv in, then down_t x (Resnet1D, ConvTranspose1d) (`model`)."""

    def __init__(self, width_io, hps, down_t, stride_t):
        super().__init__()
        width = hps.cond_width
        kernel, pad = stride_t * 2, stride_t // 2
        layers = [nn.Conv1d(width_io, width, 3, 1, 1)]
        for i in range(down_t):
            out = width_io if i == down_t - 1 else width
            layers.append(nn.Sequential(
                Resnet1D(width, hps.cond_depth, hps.cond_m_conv, hps.cond_dilation_growth_rate,
                         hps.cond_dilation_cycle, hps.cond_zero_out, hps.cond_res_scale, hps.cond_c_res),
                nn.ConvTranspose1d(width, out, kernel, stride_t, pad)))
        self.model = nn.Sequential(*layers)

    def forward(self, x):
        """Upsample x (batch, channels, time)."""
        return self.model(x)


class Conditioner(nn.Module):
    """Upper-level codes (batch, n_ctx / cond_downsample) -> x_cond (batch, n_ctx, width)."""

    def __init__(self, hps):
        super().__init__()
        width = hps.prior_width
        upper = hps.level + 1
        self.x_emb = nn.Embedding(hps.l_bins, width)
        nn.init.normal_(self.x_emb.weight, std=0.02 * hps.init_scale)
        self.cond = DecoderConvBock(width, hps, hps.downs_t[upper], hps.strides_t[upper])
        self.ln = LayerNorm(width)

    def forward(self, z_cond):
        """Conditioning vectors for the tokens of this level."""
        x = self.x_emb(z_cond.long()).permute(0, 2, 1)
        x = self.cond(x).permute(0, 2, 1)
        return self.ln(x)
