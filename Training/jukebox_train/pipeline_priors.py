"""Stage d of a run: the three priors trained interleaved (one step each), held-out bits, best weights kept.

Every evaluation writes each level's latest checkpoint (weights, Adam state, step) and, when the held-out bits
improved, its best weights; state.json keeps the bookkeeping (best bits, evaluations without improvement). A
level stops after `patience` evaluations without improvement or at `prior_steps`; batches are drawn from a
generator seeded by (seed, level, step), so a resumed run draws the batches the uninterrupted one would have.
"""
import time

import numpy as np
import torch

from .pipeline_vqvae import load_coded
from .prior import build_prior
from .prior_checkpoint import load_checkpoint, save_checkpoint
from .prior_train import heldout_bits, train_step, unigram_bits
from .prior_windows import draw_batch, tiled_windows


class LevelTrainer:
    """One level's prior, optimizer, held-out windows and bookkeeping (a dict inside state.json)."""

    def __init__(self, hp, run, held, cfg, device, record, autocast):
        self.hp, self.cfg, self.device, self.record, self.autocast = hp, cfg, device, record, autocast
        self.level = hp.level
        self.latest = run.out / "checkpoints" / f"prior_level_{hp.level}.pth.tar"
        self.best = run.out / "checkpoints" / f"prior_level_{hp.level}.best.pth.tar"
        torch.manual_seed(cfg.seed * 10 + hp.level)
        self.prior = build_prior(hp, device)
        self.opt = torch.optim.Adam(self.prior.parameters(), lr=cfg.prior_lr)
        if self.latest.exists():
            record["step"] = load_checkpoint(self.latest, self.prior, self.opt)
        self.windows = tiled_windows(hp, held, limit=cfg.eval_windows)
        if not self.windows:
            raise ValueError(f"no held-out piece is long enough for a level-{hp.level} window ({hp.n_ctx} tokens)")
        self.batch = cfg.prior_batch[hp.level]
        self.losses = []

    @property
    def active(self):
        """Whether this level still trains."""
        return not self.record["stopped"]

    def step(self, pieces):
        """One optimisation step on a random batch."""
        step = self.record["step"]
        for group in self.opt.param_groups:
            group["lr"] = self.cfg.prior_lr * min(1.0, (step + 1) / self.cfg.prior_warmup)
        batch = draw_batch(self.hp, pieces, self.batch, np.random.default_rng([self.cfg.seed, self.level, step]),
                           self.device)
        self.losses.append(train_step(self.prior, self.opt, batch, self.cfg.prior_grad_clip, self.autocast))
        self.record["step"] = step + 1

    def evaluate(self):
        """Held-out bits; keep the best weights, count evaluations without improvement, stop when due."""
        record = self.record
        bits = heldout_bits(self.prior, self.windows, device=self.device, autocast_dtype=self.autocast)
        train_bits = float(np.mean(self.losses)) / np.log(2.0) if self.losses else None
        self.losses = []
        record["history"].append({"step": record["step"], "val_bits": round(bits, 4),
                                  "train_bits": None if train_bits is None else round(train_bits, 4)})
        if record["best_bits"] is None or bits < record["best_bits"]:
            record.update(best_bits=round(bits, 4), best_step=record["step"], bad=0)
            save_checkpoint(self.best, self.prior, None, record["step"])
        else:
            record["bad"] += 1
        if record["bad"] >= self.cfg.patience or record["step"] >= self.cfg.prior_steps:
            record["stopped"] = True
        save_checkpoint(self.latest, self.prior, self.opt, record["step"])
        return bits

    def describe(self):
        """Short log text of the last evaluation."""
        last = self.record["history"][-1]
        tokens = self.record["step"] * self.batch * self.hp.n_ctx / 1e6
        train = "-" if last["train_bits"] is None else f"{last['train_bits']:.3f}"
        return (f"L{self.level} step {self.record['step']} tok {tokens:.1f}M val {last['val_bits']:.3f} "
                f"train {train} (uni {self.record['unigram_bits']:.2f})")


def _new_record(hp, held):
    """Fresh bookkeeping of one level."""
    return {"step": 0, "best_bits": None, "best_step": 0, "bad": 0, "stopped": False, "history": [],
            "unigram_bits": round(unigram_bits(held, hp.level, hp.l_bins), 4)}


def train_stage(run, data, priors_hps, cfg, device, log, time_left):
    """Train (or resume) the three priors until each stops or the time budget runs out."""
    autocast = torch.bfloat16 if device.type == "cuda" and torch.cuda.is_bf16_supported() else None
    train, held = load_coded(run, data, data.train), load_coded(run, data, data.heldout)
    (run.out / "checkpoints").mkdir(exist_ok=True)
    record = run.stage("priors")
    levels = record.setdefault("levels", {})
    trainers = []
    for hp in reversed(priors_hps):
        level_record = levels.setdefault(str(hp.level), _new_record(hp, held))
        trainer = LevelTrainer(hp, run, held, cfg, device, level_record, autocast)
        params = sum(p.numel() for p in trainer.prior.parameters()) / 1e6
        level_record["params_m"] = round(params, 3)
        log(f"prior level {hp.level}: {params:.2f} M params, n_ctx {hp.n_ctx} "
            f"({hp.sample_length / hp.sr:.2f} s), {len(trainer.windows)} held-out windows, "
            f"start step {level_record['step']}")
        trainers.append(trainer)
    if any(t.record["best_bits"] is None for t in trainers):
        for t in trainers:
            t.evaluate()
        log("priors at init: " + " | ".join(t.describe() for t in trainers))
    run.save()
    started = last_eval = time.monotonic()
    spent = record.get("seconds", 0.0)
    rounds = 0
    out_of_time = False
    while any(t.active for t in trainers) and not out_of_time:
        for t in trainers:
            if t.active:
                t.step(train)
        rounds += 1
        now = time.monotonic()
        out_of_time = time_left is not None and now - started >= time_left
        due = rounds >= cfg.eval_every_steps or (cfg.eval_every_seconds and now - last_eval >= cfg.eval_every_seconds)
        if due or out_of_time or any(t.record["step"] >= cfg.prior_steps for t in trainers if t.active):
            active = [t for t in trainers if t.active]
            for t in active:
                t.evaluate()
                if not t.active:
                    log(f"priors: level {t.level} stopped at step {t.record['step']} "
                        f"(best {t.record['best_bits']:.3f} at step {t.record['best_step']})")
            record["seconds"] = round(spent + time.monotonic() - started, 1)
            run.save()
            log("priors " + " | ".join(t.describe() for t in active))
            rounds, last_eval = 0, time.monotonic()
    run.metrics["priors"] = {str(t.level): {k: t.record[k] for k in ("step", "best_bits", "best_step", "unigram_bits",
                                                                      "params_m", "history")} for t in trainers}
    log("priors done: " + ", ".join(f"L{t.level} {t.record['step']} steps, best {t.record['best_bits']:.3f} bits "
                                    f"(unigram {t.record['unigram_bits']:.3f})" for t in trainers))
    run.finish("priors", out_of_time=out_of_time)
