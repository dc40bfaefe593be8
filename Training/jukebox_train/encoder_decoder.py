"""Encoders and decoders of the reference VQ-VAE (`jukebox/vqvae/encdec.py`), same parameter names.

One Encoder/Decoder per level; level L stacks L + 1 level blocks. Encoder level block: `down_t` times
(strided conv with kernel 2*stride, residual stack), then a 3-tap conv to `emb_width`. Decoder level block:
a 3-tap conv from `emb_width`, then `down_t` times (residual stack, transposed strided conv).
"""
from torch import nn

from .resnet1d import Resnet1D


def _stack_kwargs(hps, level):
    """Width, depth and dilation settings of the residual stacks of `level`."""
    return dict(depth=hps.level_depth(level), m_conv=hps.m_conv, dilation_growth_rate=hps.dilation_growth_rate,
                dilation_cycle=hps.dilation_cycle)


class EncoderConvBlock(nn.Module):
    """Downsample by stride ** down_t and project to `out_width` channels."""

    def __init__(self, in_width, out_width, down_t, stride_t, width, stack):
        super().__init__()
        kernel, pad = stride_t * 2, stride_t // 2
        blocks = []
        for i in range(down_t):
            blocks.append(nn.Sequential(
                nn.Conv1d(in_width if i == 0 else width, width, kernel, stride_t, pad),
                Resnet1D(width, **stack),
            ))
        blocks.append(nn.Conv1d(width, out_width, 3, 1, 1))
        self.model = nn.Sequential(*blocks)

    def forward(self, x):
        """NCT in, NCT out with time divided by stride ** down_t."""
        return self.model(x)


class DecoderConvBlock(nn.Module):
    """Upsample by stride ** down_t from `emb_width` channels back to `out_width` channels."""

    def __init__(self, emb_width, out_width, down_t, stride_t, width, stack, reverse_dilation):
        super().__init__()
        kernel, pad = stride_t * 2, stride_t // 2
        blocks = [nn.Conv1d(emb_width, width, 3, 1, 1)]
        for i in range(down_t):
            blocks.append(nn.Sequential(
                Resnet1D(width, reverse_dilation=reverse_dilation, **stack),
                nn.ConvTranspose1d(width, out_width if i == down_t - 1 else width, kernel, stride_t, pad),
            ))
        self.model = nn.Sequential(*blocks)

    def forward(self, x):
        """NCT in, NCT out with time multiplied by stride ** down_t."""
        return self.model(x)


class Encoder(nn.Module):
    """Encoder of VQ-VAE level `level`: audio (N, 1, T) to latents (N, emb_width, T / hop_length[level])."""

    def __init__(self, hps, level, in_channels=1):
        super().__init__()
        stack = _stack_kwargs(hps, level)
        self.level_blocks = nn.ModuleList(
            EncoderConvBlock(in_channels if b == 0 else hps.emb_width, hps.emb_width, hps.downs_t[b],
                             hps.strides_t[b], hps.level_width(level), stack)
            for b in range(level + 1))

    def forward(self, x):
        """Every level block's output, in order; the last is the latent to quantise."""
        outs = []
        for block in self.level_blocks:
            x = block(x)
            outs.append(x)
        return outs


class Decoder(nn.Module):
    """Decoder of VQ-VAE level `level`: latents (N, emb_width, T') to audio (N, 1, T' * hop_length[level])."""

    def __init__(self, hps, level, out_channels=1):
        super().__init__()
        stack = _stack_kwargs(hps, level)
        self.level_blocks = nn.ModuleList(
            DecoderConvBlock(hps.emb_width, hps.emb_width, hps.downs_t[b], hps.strides_t[b], hps.level_width(level),
                             stack, hps.vqvae_reverse_decoder_dilation)
            for b in range(level + 1))
        self.out = nn.Conv1d(hps.emb_width, out_channels, 3, 1, 1)

    def forward(self, x):
        """Run the level blocks from the highest to block 0, then the output conv."""
        for block in reversed(self.level_blocks):
            x = block(x)
        return self.out(x)
