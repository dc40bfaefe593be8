"""The reference VQ-VAE training loss (`jukebox/vqvae/vqvae.py`, `jukebox/utils/audio_utils.py`) and metrics.

Per level: a reconstruction loss (`loss_fn`: l1, l2, linf or their mix lmix) divided by the data bandwidth,
a spectral loss (n_fft 2048, hop 256, window 1536) and a multi-resolution spectral loss (the
`multispec_loss_*` sets), both as the norm of the magnitude-spectrogram difference divided by
`bandwidth['spec']`. Total: sum over levels of recons + spectral * spec + multispectral * multispec,
plus commit * the sum of the levels' commit losses. All maths here runs in float32 on the inputs' device.
"""
import math

import numpy as np
import torch

from .vqvae_hparams import VQVAEHparams

_UNIT_BANDWIDTH = {"l1": 1.0, "l2": 1.0, "spec": 1.0}
_SPEC_N_FFT, _SPEC_HOP, _SPEC_WINDOW = 2048, 256, 1536


def _mono(x):
    """(N, T, C) or (N, T) audio as (N, T) float32, channels averaged."""
    x = x.float()
    return x.mean(dim=-1) if x.dim() == 3 else x


def magnitude_spectrogram(x, n_fft, hop_length, window_size):
    """|STFT| of (N, T) audio with a Hann window (centred frames, reflect padding), shape (N, bins, frames)."""
    window = torch.hann_window(window_size, device=x.device)
    return torch.stft(x, n_fft, hop_length=hop_length, win_length=window_size, window=window,
                      return_complex=True).abs()


def _batch_norm(x):
    """L2 norm of each batch item."""
    return x.reshape(x.shape[0], -1).pow(2).sum(dim=-1).sqrt()


def bandwidth_of(hps):
    """The loss normalisers of `hps` (unit values when none were measured)."""
    return hps.bandwidth or _UNIT_BANDWIDTH


def calculate_bandwidth(segments, hps):
    """Data statistics the losses are divided by (the reference's `calculate_bandwidth`) from mono segments."""
    l1 = total = total_sq = 0.0
    spec_norm, count, n_seen = 0.0, 0, 0
    for segment in segments:
        samples = np.asarray(segment, dtype=np.float64).reshape(-1)
        spec = magnitude_spectrogram(torch.from_numpy(samples)[None], _SPEC_N_FFT, _SPEC_HOP, _SPEC_WINDOW)
        spec_norm += float(spec.norm())
        count += 1
        n_seen += samples.size
        l1 += float(np.abs(samples).sum())
        total += float(samples.sum())
        total_sq += float((samples ** 2).sum())
    mean = total / n_seen
    return {"l2": total_sq / n_seen - mean ** 2, "l1": l1 / n_seen, "spec": spec_norm / count}


def reconstruction_loss(loss_fn, target, pred, hps):
    """l1, l2, linf (mean of the linf_k largest squared errors per item) or lmix, divided by the bandwidth."""
    bandwidth = bandwidth_of(hps)
    if loss_fn == "l1":
        return (pred - target).abs().mean() / bandwidth["l1"]
    if loss_fn == "l2":
        return ((pred - target) ** 2).mean() / bandwidth["l2"]
    if loss_fn == "linf":
        residual = ((pred - target) ** 2).reshape(target.shape[0], -1)
        return torch.topk(residual, min(hps.linf_k, residual.shape[1]), dim=1)[0].mean() / bandwidth["l2"]
    if loss_fn == "lmix":
        parts = [(hps.lmix_l1, "l1"), (hps.lmix_l2, "l2"), (hps.lmix_linf, "linf")]
        return sum(w * reconstruction_loss(name, target, pred, hps) for w, name in parts if w)
    raise ValueError(f"unknown loss_fn {loss_fn!r}")


def spectral_loss(target, pred):
    """Per-item norm of the magnitude-spectrogram difference at the default resolution."""
    args = (_SPEC_N_FFT, _SPEC_HOP, _SPEC_WINDOW)
    return _batch_norm(magnitude_spectrogram(_mono(target), *args) - magnitude_spectrogram(_mono(pred), *args))


def multispectral_loss(target, pred, hps):
    """Per-item spectrogram-difference norm averaged over the `multispec_loss_*` resolutions."""
    sets = list(zip(hps.multispec_loss_n_fft, hps.multispec_loss_hop_length, hps.multispec_loss_window_size))
    losses = [_batch_norm(magnitude_spectrogram(_mono(target), *s) - magnitude_spectrogram(_mono(pred), *s))
              for s in sets]
    return sum(losses) / len(losses)


def spectral_convergence(target, pred, epsilon=2e-3):
    """Per-item |S - S_hat| / |S| at the default resolution (0 where |S| <= epsilon)."""
    args = (_SPEC_N_FFT, _SPEC_HOP, _SPEC_WINDOW)
    spec_in = magnitude_spectrogram(_mono(target), *args)
    gt_norm = _batch_norm(spec_in)
    residual = _batch_norm(spec_in - magnitude_spectrogram(_mono(pred), *args))
    return residual * (gt_norm > epsilon).float() / gt_norm.clamp(min=epsilon)


def vqvae_loss(x, x_outs, commit_losses, hps):
    """Training loss and metrics from the input x (N, T, 1) and each level's reconstruction (N, T, 1)."""
    metrics = {}
    spec_div = bandwidth_of(hps)["spec"]
    target = x.float()
    recons = spec = multispec = torch.zeros((), device=x.device)
    for level in reversed(range(len(x_outs))):
        pred = x_outs[level].float()
        level_recons = reconstruction_loss(hps.loss_fn, target, pred, hps)
        if hps.use_nonrelative_specloss:
            level_spec = (spectral_loss(target, pred) / spec_div).mean()
        else:
            level_spec = spectral_convergence(target, pred).mean()
        level_multispec = (multispectral_loss(target, pred, hps) / spec_div).mean()
        metrics[f"recons_loss_l{level + 1}"] = level_recons
        metrics[f"spectral_loss_l{level + 1}"] = level_spec
        metrics[f"multispectral_loss_l{level + 1}"] = level_multispec
        recons, spec, multispec = recons + level_recons, spec + level_spec, multispec + level_multispec
    commit = sum(commit_losses)
    loss = recons + hps.spectral * spec + hps.multispectral * multispec + hps.commit * commit
    with torch.no_grad():
        pred = x_outs[0].float()
        metrics.update(spectral_convergence=spectral_convergence(target, pred).mean(),
                       l2_loss=reconstruction_loss("l2", target, pred, hps),
                       l1_loss=reconstruction_loss("l1", target, pred, hps),
                       linf_loss=reconstruction_loss("linf", target, pred, hps))
    metrics.update(recons_loss=recons, spectral_loss=spec, multispectral_loss=multispec, commit_loss=commit)
    return loss, {k: v.detach() for k, v in metrics.items()}


def snr_db(x, x_hat):
    """Signal-to-noise ratio 10 log10(sum x^2 / sum (x - x_hat)^2) in dB over all samples."""
    x, x_hat = torch.as_tensor(x).double(), torch.as_tensor(x_hat).double()
    noise = float(((x - x_hat) ** 2).sum())
    return math.inf if noise == 0 else 10.0 * math.log10(float((x ** 2).sum()) / noise)


def multires_spectral_convergence(x, x_hat, hps=None):
    """Mean over the multispec resolutions of |S - S_hat|_F / |S|_F (whole batch); x as (T,), (N, T) or NTC."""
    def batched(a):
        """a as (N, T) float32."""
        a = torch.as_tensor(a).float()
        return _mono(a) if a.dim() > 1 else a[None]

    x, x_hat = batched(x), batched(x_hat)
    hps = hps or VQVAEHparams()
    sets = zip(hps.multispec_loss_n_fft, hps.multispec_loss_hop_length, hps.multispec_loss_window_size)
    values = []
    for s in sets:
        spec = magnitude_spectrogram(x, *s)
        values.append(float((spec - magnitude_spectrogram(x_hat, *s)).norm() / spec.norm().clamp(min=1e-8)))
    return sum(values) / len(values)
