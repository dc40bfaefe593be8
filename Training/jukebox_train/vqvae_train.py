"""Train the VQ-VAE with the reference loss and write official-format checkpoints.

Checkpoint (torch.save, written to a temporary file then renamed): {'hps': dict, 'model': float32 state dict
with the reference's keys, 'opt': Adam state, 'step': int, 'ema': the codebooks' running averages}. The
reference and `jukeboxd convert` read 'hps' and 'model'; 'ema' only makes a resume exact.
"""
import contextlib
import math
import os
import time
from pathlib import Path

import numpy as np
import torch

from .vqvae import build_vqvae, load_state_dict_strict
from .vqvae_hparams import VQVAEHparams
from .vqvae_loss import calculate_bandwidth
from .wav_io import read_wav

_STRUCTURE = ("sr", "levels", "downs_t", "strides_t", "emb_width", "l_bins", "width", "depth", "m_conv",
              "dilation_growth_rate", "dilation_cycle", "hvqvae_multipliers", "vqvae_reverse_decoder_dilation")


def load_mono(source, sr):
    """A WAV path or an array/tensor ((T,) or (T, C)) as mono float32 in [-1, 1]; WAV files must be at `sr`."""
    if isinstance(source, (str, os.PathLike)):
        samples, rate = read_wav(source)
        if rate != sr:
            raise ValueError(f"{source}: sample rate {rate}, expected {sr} (resample first)")
    else:
        samples = source.detach().cpu().numpy() if torch.is_tensor(source) else np.asarray(source)
    samples = samples.astype(np.float32)
    if samples.ndim == 2:
        samples = samples.mean(axis=1)
    return np.clip(samples.reshape(-1), -1.0, 1.0)


def draw_batch(clips, batch, segment_samples, rng):
    """(batch, segment_samples, 1) random segments (zero-padded if a clip is shorter); clips picked by length."""
    lengths = np.array([len(c) for c in clips], dtype=np.float64)
    out = np.zeros((batch, segment_samples, 1), dtype=np.float32)
    for i, index in enumerate(rng.choice(len(clips), size=batch, p=lengths / lengths.sum())):
        clip = clips[index]
        start = int(rng.integers(0, max(1, len(clip) - segment_samples + 1)))
        piece = clip[start:start + segment_samples]
        out[i, :len(piece), 0] = piece
    return torch.from_numpy(out)


def lr_factor(step, progress, warmup_steps=50, decay_start=0.6, floor=0.1):
    """Linear warm-up over warmup_steps, flat, then cosine decay to `floor` from progress decay_start to 1."""
    warm = min(1.0, (step + 1) / warmup_steps)
    if progress <= decay_start:
        return warm
    phase = min(1.0, (progress - decay_start) / (1.0 - decay_start))
    return warm * (floor + (1.0 - floor) * 0.5 * (1.0 + math.cos(math.pi * phase)))


def _atomic_save(obj, path):
    """torch.save to path via a temporary file in the same folder and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    torch.save(obj, tmp)
    os.replace(tmp, path)


def _float32_state(model):
    """The model's state dict as contiguous float32 CPU tensors."""
    return {k: v.detach().to("cpu", torch.float32).contiguous() for k, v in model.state_dict().items()}


def save_training_checkpoint(model, opt, step, path):
    """Write the official-format training checkpoint (plus the codebooks' EMA statistics)."""
    _atomic_save({"hps": model.hps.to_dict(), "model": _float32_state(model), "opt": opt.state_dict(),
                  "step": int(step), "ema": model.bottleneck.ema_state()}, path)


def export_inference_checkpoint(model, hps, path, step=0):
    """Write {'hps', 'model', 'opt': None, 'step'}: what the reference and `jukeboxd convert` load."""
    hps = hps if isinstance(hps, VQVAEHparams) else VQVAEHparams.from_dict(hps)
    _atomic_save({"hps": hps.to_dict(), "model": _float32_state(model), "opt": None, "step": int(step)}, path)


def load_vqvae_checkpoint(path, device="cpu"):
    """A VQVAE in eval mode from an official-format checkpoint (ours or the reference's)."""
    checkpoint = torch.load(path, map_location="cpu")
    model = build_vqvae(checkpoint["hps"], device)
    load_state_dict_strict(model, checkpoint["model"])
    return model.eval()


def _check_same_structure(hps, saved):
    """Raise if a checkpoint's hyper-parameters describe a different network than hps."""
    saved = VQVAEHparams.from_dict(saved)
    diff = [k for k in _STRUCTURE if getattr(saved, k) != getattr(hps, k)]
    if diff:
        raise ValueError(f"checkpoint was trained with other {', '.join(diff)}")
    return saved


def _resume(model, opt, checkpoint, hps, segment_samples):
    """Load model, optimizer and EMA state from a loaded checkpoint; the step to continue from."""
    load_state_dict_strict(model, checkpoint["model"])
    if checkpoint.get("opt"):
        opt.load_state_dict(checkpoint["opt"])
    if checkpoint.get("ema"):
        model.bottleneck.load_ema_state(checkpoint["ema"])
    else:
        model.bottleneck.restore_k([segment_samples // hop for hop in hps.hop_lengths])
    return int(checkpoint.get("step", 0))


def _measure_bandwidth(clips, segment_samples, hps, seed):
    """Loss normalisers from random segments covering up to 600 s (as the reference) or all the audio."""
    total = sum(len(c) for c in clips)
    count = max(16, min(math.ceil(600 * hps.sr / segment_samples), math.ceil(total / segment_samples)))
    rng = np.random.default_rng([seed, 2 ** 32 - 1])
    segments = draw_batch(clips, count, segment_samples, rng)[:, :, 0].numpy()
    return calculate_bandwidth(segments, hps)


def _autocast(device, amp):
    """bf16 autocast on CUDA when supported (amp None) or when asked; off otherwise."""
    use = amp if amp is not None else (device.type == "cuda" and torch.cuda.is_bf16_supported())
    if device.type not in ("cpu", "cuda"):
        return contextlib.nullcontext()
    return torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=bool(use))


def _summary(metrics, levels):
    """A short dict of the metrics worth logging."""
    out = {k: round(float(metrics[k]), 4) for k in ("loss", "recons_loss", "multispectral_loss",
                                                    "spectral_convergence", "commit_loss")}
    out["used"] = [int(metrics[f"used_curr_l{level + 1}"]) for level in range(levels)]
    return out


def train_vqvae(hps, wav_paths_or_arrays, steps, batch, segment_samples, lr, device, checkpoint_path, resume=True,
                log=print, time_budget_s=None, save_every=500, log_every=50, seed=0, amp=None, warmup_steps=50,
                stop_at_step=None):
    """Train (or resume) a VQ-VAE; returns {'model', 'hps', 'step', 'history'} and leaves a checkpoint.

    The learning-rate schedule runs over `steps` (or `time_budget_s`, whichever ends first); `stop_at_step`
    ends this call early with the schedule unchanged, so a later call with resume=True continues exactly.
    """
    started = time.monotonic()
    device = torch.device(device)
    hps = hps if isinstance(hps, VQVAEHparams) else VQVAEHparams.from_dict(hps)
    top_hop = hps.hop_lengths[-1]
    segment_samples = segment_samples // top_hop * top_hop
    clips = [load_mono(source, hps.sr) for source in wav_paths_or_arrays]
    if not clips or min(len(c) for c in clips) == 0:
        raise ValueError("no audio to train on")
    checkpoint_path = Path(checkpoint_path)
    checkpoint = torch.load(checkpoint_path, map_location="cpu") if resume and checkpoint_path.exists() else None
    saved = _check_same_structure(hps, checkpoint["hps"]) if checkpoint else None
    if saved is not None and saved.bandwidth:
        hps = hps.replace(bandwidth=saved.bandwidth)
    elif not hps.bandwidth:
        hps = hps.replace(bandwidth=_measure_bandwidth(clips, segment_samples, hps, seed))
    hps = hps.replace(sample_length=segment_samples)
    torch.manual_seed(seed)
    model = build_vqvae(hps, device).train()
    opt = torch.optim.Adam(model.parameters(), lr=lr, betas=(0.9, 0.999), eps=1e-8)
    step = _resume(model, opt, checkpoint, hps, segment_samples) if checkpoint else 0
    log(f"vqvae: {sum(p.numel() for p in model.parameters()) / 1e6:.2f} M params, start step {step}, "
        f"bandwidth {hps.bandwidth}, device {device}")
    history = []
    first = step
    while step < min(steps, stop_at_step or steps):
        elapsed = time.monotonic() - started
        if time_budget_s is not None and elapsed >= time_budget_s:
            break
        progress = max(step / steps, elapsed / time_budget_s if time_budget_s else 0.0)
        for group in opt.param_groups:
            group["lr"] = lr * lr_factor(step, progress, warmup_steps)
        x = draw_batch(clips, batch, segment_samples, np.random.default_rng([seed, step])).to(device)
        torch.manual_seed(seed * 1_000_003 + step)  # codebook restarts: a function of (seed, step), so resumes match
        with _autocast(device, amp):
            _, loss, metrics = model(x)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        grad_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        if torch.isfinite(grad_norm):
            opt.step()
        step += 1
        if step == first + 1 or step % log_every == 0 or step == steps:
            entry = dict(step=step, t=round(time.monotonic() - started, 1), lr=opt.param_groups[0]["lr"],
                         **_summary(dict(metrics, loss=loss.detach()), hps.levels))
            history.append(entry)
            log(f"vq {entry}")
        if step % save_every == 0:
            save_training_checkpoint(model, opt, step, checkpoint_path)
    save_training_checkpoint(model, opt, step, checkpoint_path)
    log(f"vqvae: stopped at step {step} after {time.monotonic() - started:.1f} s; saved {checkpoint_path}")
    return {"model": model, "hps": hps, "step": step, "history": history}
