"""Small building blocks shared by the prior: the reference's `Conv1D`, LayerNorm and quick GELU.

Written after jukebox/transformer/ops.py (Conv1D, LayerNorm, quick_gelu) @ 08efbbc.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Conv1D(nn.Module):
    """Position-wise linear layer `x @ w + b` with `w` stored (n_in, n_out) as the reference does."""

    def __init__(self, n_in, n_out, zero_out=False, init_scale=1.0):
        super().__init__()
        w = torch.zeros(n_in, n_out)
        if not zero_out:
            nn.init.normal_(w, std=0.02 * init_scale)
        self.w = nn.Parameter(w)
        self.b = nn.Parameter(torch.zeros(n_out))

    def forward(self, x):
        """Apply the layer to the last dimension of x."""
        return torch.matmul(x, self.w.to(x.dtype)) + self.b.to(x.dtype)


class LayerNorm(nn.LayerNorm):
    """LayerNorm computed in float32 and returned in the input's dtype (eps 1e-5)."""

    def forward(self, x):
        """Normalise the last dimension of x."""
        return F.layer_norm(x.float(), self.normalized_shape, self.weight.float(), self.bias.float(),
                            self.eps).to(x.dtype)


def quick_gelu(x):
    """The reference's activation: x * sigmoid(1.702 x)."""
    return x * torch.sigmoid(1.702 * x)
