"""Stages a-c of a run: train the VQ-VAE, measure it on held-out audio, encode every piece to codes."""
import time

import numpy as np

from .prior_windows import CodedPiece
from .vqvae_eval import encode_clip, evaluate_vqvae
from .vqvae_train import load_mono, load_vqvae_checkpoint, train_vqvae


def train_stage(run, data, vq_hps, cfg, device, log, time_left):
    """Train (or resume) the VQ-VAE on the train split until cfg.vq_steps or the time share runs out."""
    record = run.stage("vqvae")
    budget = None if time_left is None else max(0.0, time_left * cfg.vq_time_fraction)
    started = time.monotonic()
    result = train_vqvae(vq_hps, [p.wav for p in data.train], cfg.vq_steps, cfg.vq_batch, cfg.vq_segment, cfg.vq_lr,
                         device, run.out / "checkpoints" / "vqvae.pth.tar", resume=True, log=log,
                         time_budget_s=budget, save_every=cfg.vq_save_every, log_every=cfg.vq_log_every,
                         seed=cfg.seed, warmup_steps=cfg.vq_warmup)
    record["seconds"] = round(record.get("seconds", 0.0) + time.monotonic() - started, 1)
    record.setdefault("history", []).extend(result["history"])
    seen = result["step"] * cfg.vq_batch * (cfg.vq_segment // vq_hps.hop_lengths[-1] * vq_hps.hop_lengths[-1])
    run.metrics["vqvae"] = {"steps": result["step"], "audio_minutes_seen": round(seen / vq_hps.sr / 60, 2),
                            "params_m": round(sum(p.numel() for p in result["model"].parameters()) / 1e6, 3),
                            "bandwidth": result["hps"].bandwidth, "history": record["history"]}
    run.finish("vqvae", step=result["step"])


def eval_stage(run, data, cfg, device, log):
    """Held-out SNR, spectral convergence and codes used per level into metrics.json."""
    model = load_vqvae_checkpoint(run.out / "checkpoints" / "vqvae.pth.tar", device)
    figures = evaluate_vqvae(model, [p.wav for p in data.heldout], cfg.vq_segment, device, cfg.vq_eval_segments)
    log(f"vqvae held-out: {figures}")
    run.metrics.setdefault("vqvae", {})["heldout_recon"] = figures
    run.finish("vqvae_eval")


def encode_stage(run, data, cfg, device, log):
    """Codes of every level of every piece into codes/<id>.npz (pieces already encoded are skipped)."""
    folder = run.out / "codes"
    folder.mkdir(exist_ok=True)
    model = None
    for piece in data.pieces:
        path = folder / f"{piece.id}.npz"
        if path.exists():
            continue
        if model is None:
            model = load_vqvae_checkpoint(run.out / "checkpoints" / "vqvae.pth.tar", device)
        samples = load_mono(piece.wav, model.hps.sr)
        codes = encode_clip(model, samples, device, cfg.encode_chunk)
        tmp = path.with_name(path.stem + ".tmp.npz")
        np.savez(tmp, total_length=len(samples), **{f"l{level}": c for level, c in enumerate(codes)})
        tmp.replace(path)
    pieces = load_coded(run, data, data.pieces)
    tokens = {level: int(sum(len(p.codes[level]) for p in pieces)) for level in range(3)}
    log(f"encoded {len(pieces)} pieces: tokens per level {tokens}")
    run.metrics["codes"] = {"tokens_per_level": tokens}
    run.finish("encode")


def load_coded(run, data, pieces):
    """CodedPiece (codes and labels) of each of `pieces`, from codes/<id>.npz."""
    out = []
    for piece in pieces:
        with np.load(run.out / "codes" / f"{piece.id}.npz") as f:
            codes = [f[f"l{level}"] for level in range(3)]
            total = int(f["total_length"])
        artist, genres = data.label_ids(piece)
        out.append(CodedPiece(codes=codes, artist_id=artist, genre_ids=genres, total_length=total))
    return out
