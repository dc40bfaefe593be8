"""Vector-quantisation bottleneck of the reference VQ-VAE (`jukebox/vqvae/bottleneck.py`), same buffer names.

Each level keeps a codebook `k` (l_bins, emb_width) as a persistent buffer: the only tensor saved in the
state dict, as in the official checkpoints. Training updates it by exponential moving averages (decay `mu`)
of the assigned vectors' sums (`k_sum`) and counts (`k_elem`); codes whose count average drops below the
threshold are restarted at random encoder outputs of the current batch. The first training batch seeds the
codebook (k-means-style initialisation from random encoder outputs). The running averages are
non-persistent buffers (they follow `.to(device)`), saved separately by `ema_state` for an exact resume.
"""
import contextlib
import math

import torch
from torch import nn
import torch.nn.functional as F


def float32_region(device):
    """A context in which autocast is off, so the codebook maths runs in float32."""
    if device.type in ("cpu", "cuda"):
        return torch.autocast(device_type=device.type, enabled=False)
    return contextlib.nullcontext()


class BottleneckBlock(nn.Module):
    """Codebook of one level: nearest-neighbour quantisation plus EMA updates while training."""

    def __init__(self, k_bins, emb_width, mu, threshold=1.0):
        super().__init__()
        self.k_bins, self.emb_width, self.mu, self.threshold = k_bins, emb_width, mu, threshold
        self.register_buffer("k", torch.zeros(k_bins, emb_width))
        self.register_buffer("k_sum", None, persistent=False)
        self.register_buffer("k_elem", None, persistent=False)

    @property
    def initialised(self):
        """Whether the EMA statistics exist (set by the first training batch, `restore_k` or `load_ema`)."""
        return self.k_elem is not None

    def _candidates(self, x):
        """`k_bins` random rows of x (tiled with small noise when x has fewer rows), for seeding and restarts."""
        rows, width = x.shape
        if rows < self.k_bins:
            x = x.repeat((self.k_bins + rows - 1) // rows, 1)
            x = x + torch.randn_like(x) * (0.01 / math.sqrt(width))
        return x[torch.randperm(x.shape[0], device=x.device)][:self.k_bins]

    def init_k(self, x):
        """Seed the codebook from random rows of x (N*T, emb_width)."""
        self.k = self._candidates(x).clone()
        self.k_sum = self.k.clone()
        self.k_elem = torch.ones(self.k_bins, device=x.device)

    def restore_k(self, num_tokens=None):
        """Start EMA statistics from a loaded codebook, as if each code had num_tokens / k_bins uses."""
        usage = 1.0 if num_tokens is None else num_tokens / self.k_bins
        self.k_sum = self.k.clone() * usage
        self.k_elem = torch.full((self.k_bins,), float(usage), device=self.k.device)

    @torch.no_grad()
    def update_k(self, x, codes):
        """One EMA step towards the batch's code centroids; restart codes whose usage is below the threshold."""
        batch_sum = torch.zeros_like(self.k_sum).index_add_(0, codes, x)
        batch_elem = torch.bincount(codes, minlength=self.k_bins).to(x.dtype)
        restart = self._candidates(x)
        old_k = self.k
        self.k_sum = self.mu * self.k_sum + (1.0 - self.mu) * batch_sum
        self.k_elem = self.mu * self.k_elem + (1.0 - self.mu) * batch_elem
        used = (self.k_elem >= self.threshold).to(x.dtype).unsqueeze(1)
        self.k = used * (self.k_sum / self.k_elem.unsqueeze(1)) + (1.0 - used) * restart
        prob = batch_elem / batch_elem.sum()
        return dict(entropy=-(prob * torch.log(prob + 1e-8)).sum(),
                    used_curr=(batch_elem >= self.threshold).sum().to(x.dtype),
                    usage=used.sum(),
                    dk=torch.norm(self.k - old_k) / math.sqrt(old_k.numel()))

    def quantise(self, x):
        """Nearest code of each row of x by |x|^2 - 2 x.k + |k|^2 (first index on ties) and the mean distance."""
        distance = (x ** 2).sum(dim=-1, keepdim=True) - 2 * x @ self.k.t() + (self.k ** 2).sum(dim=-1)[None]
        min_distance, codes = torch.min(distance, dim=-1)
        return codes, min_distance.mean()

    def encode(self, x):
        """Codes (N, T) of latents x (N, emb_width, T)."""
        n, _, t = x.shape
        with float32_region(x.device):
            flat = x.float().permute(0, 2, 1).reshape(n * t, -1)
            return self.quantise(flat)[0].view(n, t)

    def decode(self, codes):
        """Codebook vectors (N, emb_width, T) of codes (N, T)."""
        return F.embedding(codes, self.k).permute(0, 2, 1).contiguous()

    def forward(self, x, update_k=True):
        """Quantise x (N, C, T): codes, straight-through quantised x, commit loss, metrics."""
        n, _, t = x.shape
        with float32_region(x.device):
            flat = x.float().permute(0, 2, 1).reshape(n * t, -1)
            prenorm = torch.norm(flat - flat.mean()) / math.sqrt(flat.numel())
            if update_k and not self.initialised:
                self.init_k(flat)
            codes, fit = self.quantise(flat)
            quantised = F.embedding(codes, self.k)
            metrics = self.update_k(flat, codes) if update_k else {}
            commit_loss = torch.norm(quantised.detach() - flat) ** 2 / flat.numel()
            quantised = flat + (quantised - flat).detach()
        quantised = quantised.view(n, t, -1).permute(0, 2, 1).contiguous()
        return codes.view(n, t), quantised, commit_loss, dict(fit=fit, pn=prenorm, **metrics)


class Bottleneck(nn.Module):
    """One BottleneckBlock per level (state dict keys `level_blocks.L.k`)."""

    def __init__(self, l_bins, emb_width, mu, levels, threshold=1.0):
        super().__init__()
        self.level_blocks = nn.ModuleList(BottleneckBlock(l_bins, emb_width, mu, threshold) for _ in range(levels))

    def encode(self, xs, start_level=0):
        """Codes of the latents xs of levels start_level, start_level + 1, ..."""
        return [self.level_blocks[start_level + i].encode(x) for i, x in enumerate(xs)]

    def decode(self, zs, start_level=0):
        """Codebook vectors of the codes zs of levels start_level, start_level + 1, ..."""
        return [self.level_blocks[start_level + i].decode(z) for i, z in enumerate(zs)]

    def forward(self, xs):
        """Quantise every level (EMA updates in training mode): codes, quantised, commit losses, metrics."""
        zs, quantised, commits, metrics = [], [], [], []
        for block, x in zip(self.level_blocks, xs):
            z, x_q, commit, metric = block(x, update_k=self.training)
            zs.append(z)
            quantised.append(x_q if self.training else x_q.detach())
            commits.append(commit)
            metrics.append(metric)
        return zs, quantised, commits, metrics

    def restore_k(self, tokens_per_level):
        """Start the EMA statistics of every level from its loaded codebook (fine-tuning a checkpoint)."""
        for block, tokens in zip(self.level_blocks, tokens_per_level):
            block.restore_k(tokens)

    def ema_state(self):
        """The EMA statistics of every initialised level, on the CPU, for a checkpoint."""
        return {f"{i}.{name}": getattr(b, name).detach().cpu()
                for i, b in enumerate(self.level_blocks) if b.initialised for name in ("k_sum", "k_elem")}

    def load_ema_state(self, state):
        """Restore statistics saved by `ema_state`, on each codebook's device."""
        for i, block in enumerate(self.level_blocks):
            if f"{i}.k_elem" in state:
                block.k_sum = state[f"{i}.k_sum"].to(block.k.device, torch.float32)
                block.k_elem = state[f"{i}.k_elem"].to(block.k.device, torch.float32)
