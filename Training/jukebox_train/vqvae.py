"""The reference hierarchical VQ-VAE (`jukebox/vqvae/vqvae.py`) in PyTorch, with the reference's state dict keys.

Audio at the interface is NTC (batch, time, 1), float32 in [-1, 1]; inside it is NCT. Level L has its own
encoder (audio -> latents at hop_lengths[L]), codebook and decoder (latents -> audio); decoding a level uses
only that level's codes.
"""
import torch
from torch import nn

from .bottleneck import Bottleneck, float32_region
from .encoder_decoder import Decoder, Encoder
from .vqvae_hparams import VQVAEHparams
from .vqvae_loss import vqvae_loss


class VQVAE(nn.Module):
    """Encoders, bottleneck and decoders of every level, built from a VQVAEHparams."""

    def __init__(self, hps):
        super().__init__()
        if not hps.use_bottleneck:
            raise ValueError("use_bottleneck=False is not supported: jukeboxd needs codes")
        if len(hps.downs_t) != hps.levels or len(hps.strides_t) != hps.levels:
            raise ValueError("downs_t and strides_t need one entry per level")
        self.hps = hps
        self.encoders = nn.ModuleList(Encoder(hps, level) for level in range(hps.levels))
        self.decoders = nn.ModuleList(Decoder(hps, level) for level in range(hps.levels))
        self.bottleneck = Bottleneck(hps.l_bins, hps.emb_width, hps.l_mu, hps.levels, hps.revival_threshold)

    @property
    def hop_lengths(self):
        """Raw samples per code at each level."""
        return self.hps.hop_lengths

    def encode(self, x, start_level=0, end_level=None):
        """Codes (N, T / hop) of levels start_level..end_level-1 of audio x (N, T, 1); T a multiple of the top hop."""
        end_level = self.hps.levels if end_level is None else end_level
        x_in = x.float().permute(0, 2, 1)
        latents = [self.encoders[level](x_in)[-1] for level in range(start_level, end_level)]
        return self.bottleneck.encode(latents, start_level)

    def decode(self, codes, level):
        """Audio (N, T, 1) from the codes (N, T / hop) of `level` (a tensor, or a list whose first item is it)."""
        if isinstance(codes, (list, tuple)):
            codes = codes[0]
        latents = self.bottleneck.level_blocks[level].decode(codes)
        return self.decoders[level](latents).permute(0, 2, 1)

    def forward(self, x):
        """Training pass on x (N, T, 1): (reconstruction of each level as NTC, loss, metrics dict)."""
        x_in = x.float().permute(0, 2, 1)
        latents = [encoder(x_in)[-1] for encoder in self.encoders]
        _, quantised, commit_losses, quantiser_metrics = self.bottleneck(latents)
        x_outs = [decoder(q).permute(0, 2, 1) for decoder, q in zip(self.decoders, quantised)]
        with float32_region(x.device):
            loss, metrics = vqvae_loss(x, x_outs, commit_losses, self.hps)
        for name in quantiser_metrics[0]:
            values = torch.stack([m[name].detach().float() for m in quantiser_metrics])
            metrics[name] = values.mean()
            for level, value in enumerate(values):
                metrics[f"{name}_l{level + 1}"] = value
        return x_outs, loss, metrics


def build_vqvae(hps, device="cpu"):
    """A VQVAE for `hps` (a VQVAEHparams or a dict of reference hyper-parameters) on `device`."""
    if not isinstance(hps, VQVAEHparams):
        hps = VQVAEHparams.from_dict(hps)
    return VQVAE(hps).to(device)


def load_state_dict_strict(model, state):
    """Load reference-named tensors (a `module.` prefix is dropped) with strict keys and shapes, cast to float32."""
    state = {(k[7:] if k.startswith("module.") else k): v for k, v in state.items()}
    own = model.state_dict()
    missing, unexpected = sorted(set(own) - set(state)), sorted(set(state) - set(own))
    wrong = [k for k in own if k in state and tuple(state[k].shape) != tuple(own[k].shape)]
    if missing or unexpected or wrong:
        raise ValueError(f"state dict mismatch: missing {missing[:5]}, unexpected {unexpected[:5]}, "
                         f"wrong shapes {wrong[:5]}")
    model.load_state_dict({k: v.float() for k, v in state.items()}, strict=True)
    return model
