"""Held-out figures of a trained VQ-VAE (as in the model card) and encoding of whole clips."""
import numpy as np
import torch

from .vqvae_loss import multires_spectral_convergence, snr_db
from .vqvae_train import load_mono


@torch.no_grad()
def encode_clip(model, samples, device="cpu", chunk_samples=1 << 20):
    """Codes of every level (list of int64 numpy arrays) of one mono clip, zero-padded to a whole top-level hop.

    Chunks of `chunk_samples` (rounded to the top hop) are encoded separately to bound memory; codes near a
    chunk edge can differ slightly from a whole-clip encode.
    """
    top_hop = model.hop_lengths[-1]
    chunk = max(top_hop, chunk_samples // top_hop * top_hop)
    x = np.asarray(samples, dtype=np.float32).reshape(-1)
    x = np.pad(x, (0, -len(x) % top_hop))
    parts = [[] for _ in model.hop_lengths]
    for start in range(0, len(x), chunk):
        piece = torch.from_numpy(x[start:start + chunk])[None, :, None].to(device)
        for level, codes in enumerate(model.encode(piece)):
            parts[level].append(codes[0].cpu().numpy())
    return [np.concatenate(p).astype(np.int64) for p in parts]


@torch.no_grad()
def evaluate_vqvae(model, sources, segment_samples, device="cpu", max_segments=64):
    """Per level: SNR (dB), multi-resolution spectral convergence and codes used, over consecutive segments."""
    top_hop = model.hop_lengths[-1]
    segment_samples = segment_samples // top_hop * top_hop
    segments = []
    for source in sources:
        clip = load_mono(source, model.hps.sr)
        segments += [clip[s:s + segment_samples] for s in range(0, len(clip) - segment_samples + 1, segment_samples)]
    if not segments:
        raise ValueError("no held-out audio as long as one segment")
    x = torch.from_numpy(np.stack(segments[:max_segments]))[:, :, None]
    was_training = model.training
    model.eval()
    results = {}
    for level in range(model.hps.levels):
        x_hat, used = [], set()
        for batch in torch.split(x, 8):
            codes = model.encode(batch.to(device), level, level + 1)[0]
            used.update(codes.unique().tolist())
            x_hat.append(model.decode(codes, level).float().cpu())
        x_hat = torch.cat(x_hat)
        results[f"level_{level}"] = {"snr_db": round(snr_db(x, x_hat), 3),
                                     "mr_sc": round(multires_spectral_convergence(x, x_hat, model.hps), 4),
                                     "codes_used": len(used)}
    model.train(was_training)
    return results
