"""A whole training run (`train.py`): stages a-g, each resumable from OUTDIR/state.json and the checkpoints."""
import dataclasses
import os
import platform
import socket
import time

import torch

from . import pipeline_export, pipeline_priors, pipeline_vqvae
from .model_card import write_model_card
from .pipeline_config import RunConfig, preset_config, preset_priors, preset_vqvae
from .pipeline_data import Dataset
from .pipeline_state import Log, RunState


def pick_device(name):
    """torch.device for `auto` (CUDA when available), `cpu` or `cuda`."""
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    return torch.device(name)


def device_name(device):
    """Human-readable name of the device."""
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    return f"CPU ({platform.processor() or platform.machine()}, {os.cpu_count()} cores)"


def resolve_config(run, preset, overrides):
    """The run's RunConfig: stored in state.json by the first run, else the preset's; `overrides` (not None) win."""
    stored = run.state.get("config")
    if stored and stored["preset"] != preset:
        raise ValueError(f"{run.out} was started with preset {stored['preset']}, not {preset}")
    cfg = RunConfig.from_dict(stored) if stored else preset_config(preset)
    cfg = dataclasses.replace(cfg, **{k: v for k, v in overrides.items() if v is not None})
    run.state["config"] = cfg.to_dict()
    return cfg


def _time_left(run, cfg):
    """Training seconds left of the time budget (VQ-VAE and prior stages together), or None."""
    if cfg.time_budget_s is None:
        return None
    spent = sum(run.stage(s).get("seconds", 0.0) for s in ("vqvae", "priors"))
    return max(0.0, cfg.time_budget_s - spent)


def run_training(data_dir, out, preset="classical", device="auto", name=None, jukeboxd=None, heldout=None,
                 overrides=None):
    """Run (or resume) every stage; returns the RunState."""
    run = RunState(out)
    (run.out / "checkpoints").mkdir(exist_ok=True)
    log = Log(run.out / "train.log")
    torch.set_num_threads(os.cpu_count() or 1)
    device = pick_device(device)
    data = Dataset(data_dir)
    cfg = resolve_config(run, preset, overrides or {})
    name = name or run.state.get("name") or preset
    run.state["name"] = name
    entry = {"started": time.strftime("%Y-%m-%d %H:%M:%S"), "host": socket.gethostname(),
             "device": device_name(device), "torch": torch.__version__, "seconds": 0.0}
    run.state["runs"].append(entry)
    run.save()
    log(f"torch {torch.__version__} device {entry['device']} threads {torch.get_num_threads()} preset {preset}")
    log(f"data: {len(data.pieces)} pieces ({len(data.train)} train, {len(data.heldout)} held out), "
        f"{len(data.artist_ids)} artist and {len(data.genre_ids)} genre names")
    vq_hps = preset_vqvae(preset)
    priors_hps = preset_priors(preset, data.y_bins, vq_hps)

    def step(stage, action):
        if run.done(stage):
            log(f"{stage}: done in an earlier run, skipped")
            return
        log(f"{stage}: starting")
        action()
        entry["seconds"] = round(log.elapsed, 1)
        run.save()

    step("vqvae", lambda: pipeline_vqvae.train_stage(run, data, vq_hps, cfg, device, log, _time_left(run, cfg)))
    step("vqvae_eval", lambda: pipeline_vqvae.eval_stage(run, data, cfg, device, log))
    step("encode", lambda: pipeline_vqvae.encode_stage(run, data, cfg, device, log))
    step("priors", lambda: pipeline_priors.train_stage(run, data, priors_hps, cfg, device, log,
                                                       _time_left(run, cfg)))
    step("export", lambda: pipeline_export.export_stage(run, data, log))
    if jukeboxd:
        step("convert", lambda: pipeline_export.convert_stage(run, data, jukeboxd, name, log))
        if heldout:
            listing = pipeline_export.write_heldout_list(run, data) if heldout == "auto" else heldout
            step("evaluate", lambda: pipeline_export.evaluate_stage(run, jukeboxd, listing, cfg.evaluate_args, log))
    run.metrics["config"] = cfg.to_dict()
    run.metrics["data"] = data.summary()
    entry["seconds"] = round(log.elapsed, 1)
    write_model_card(run, data, cfg, vq_hps, priors_hps, name)
    run.save()
    log(f"done in {log.elapsed:.0f} s (all runs: {sum(r['seconds'] for r in run.state['runs']):.0f} s); "
        f"model card {run.out / 'MODEL_CARD.md'}")
    return run
