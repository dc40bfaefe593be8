"""The settings of a whole training run (`train.py`): model shapes and training knobs of each preset."""
import dataclasses
from dataclasses import dataclass, field
from typing import List, Optional

from . import prior_hparams, vqvae_hparams


@dataclass
class RunConfig:
    """Every training setting that is not a model hyper-parameter; stored in state.json and the model card."""

    preset: str
    seed: int = 0
    vq_steps: int = 500
    vq_batch: int = 32
    vq_segment: int = 32768
    vq_lr: float = 4e-4
    vq_warmup: int = 50
    vq_save_every: int = 100
    vq_log_every: int = 50
    vq_eval_segments: int = 64
    vq_time_fraction: float = 0.35
    encode_chunk: int = 1 << 20
    prior_steps: int = 2000
    prior_batch: List[int] = field(default_factory=lambda: [32, 32, 32])
    prior_lr: float = 6e-4
    prior_warmup: int = 100
    prior_grad_clip: float = 1.0
    eval_every_steps: int = 150
    eval_every_seconds: Optional[float] = None
    eval_windows: int = 64
    patience: int = 3
    time_budget_s: Optional[float] = None
    evaluate_args: List[str] = field(default_factory=lambda: ["--prompt-seconds", "4", "--seconds", "6"])

    def to_dict(self):
        """Plain dict for JSON."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, values):
        """Inverse of to_dict (unknown keys ignored)."""
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in names})


def preset_config(name):
    """The RunConfig of preset `name` (`classical`: the candidate default model's recipe; `tiny`: CPU smoke)."""
    if name == "classical":
        return RunConfig(preset=name)
    if name == "tiny":
        return RunConfig(preset=name, vq_steps=8, vq_batch=2, vq_segment=4096, vq_lr=1e-3, vq_warmup=2,
                         vq_save_every=2, vq_log_every=2, vq_eval_segments=4, encode_chunk=1 << 16,
                         prior_steps=12, prior_batch=[2, 2, 2], prior_lr=1e-3, prior_warmup=2,
                         eval_every_steps=3, eval_windows=2, patience=100, evaluate_args=["--no-samples"])
    raise ValueError(f"unknown preset {name!r} (have classical, tiny)")


def preset_vqvae(name):
    """The VQ-VAE hyper-parameters of preset `name`."""
    return {"classical": vqvae_hparams.classical, "tiny": vqvae_hparams.tiny}[name]()


def preset_priors(name, y_bins, vq_hps):
    """The three priors' hyper-parameters of preset `name` (index = level) for labels y_bins and VQ-VAE vq_hps."""
    top, upsampler = {"classical": (prior_hparams.classical_top, prior_hparams.classical_upsampler),
                      "tiny": (prior_hparams.tiny_top, prior_hparams.tiny_upsampler)}[name]
    priors = [upsampler(0), upsampler(1), top()]
    for hp in priors:
        hp.y_bins = list(y_bins)
        hp.sr, hp.l_bins = vq_hps.sr, vq_hps.l_bins
        hp.downs_t, hp.strides_t = list(vq_hps.downs_t), list(vq_hps.strides_t)
    return priors
