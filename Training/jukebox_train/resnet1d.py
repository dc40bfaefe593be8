"""Dilated 1-D residual stacks of the reference VQ-VAE (`jukebox/vqvae/resnet.py`), same parameter names."""
from torch import nn


class ResConv1DBlock(nn.Module):
    """x + conv1x1(relu(conv3_dilated(relu(x)))), padding equal to the dilation so length is kept."""

    def __init__(self, n_in, n_state, dilation=1):
        super().__init__()
        self.model = nn.Sequential(
            nn.ReLU(),
            nn.Conv1d(n_in, n_state, 3, 1, dilation, dilation),
            nn.ReLU(),
            nn.Conv1d(n_state, n_in, 1, 1, 0),
        )

    def forward(self, x):
        """Residual update of an NCT tensor."""
        return x + self.model(x)


class Resnet1D(nn.Module):
    """`depth` residual blocks with dilation growth ** (i, or i mod cycle); optionally largest dilation first."""

    def __init__(self, n_in, depth, m_conv=1.0, dilation_growth_rate=1, dilation_cycle=None,
                 reverse_dilation=False):
        super().__init__()
        exponents = [i if dilation_cycle is None else i % dilation_cycle for i in range(depth)]
        blocks = [ResConv1DBlock(n_in, int(m_conv * n_in), dilation_growth_rate ** e) for e in exponents]
        if reverse_dilation:
            blocks.reverse()
        self.model = nn.Sequential(*blocks)

    def forward(self, x):
        """Run the stack on an NCT tensor."""
        return self.model(x)
