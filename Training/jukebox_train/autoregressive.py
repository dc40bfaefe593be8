"""The autoregressive core of a prior (`prior.*`): token + position embeddings, transformer, output layer.

Written after jukebox/prior/autoregressive.py (ConditionalAutoregressive2D) @ 08efbbc.
"""
import torch
import torch.nn as nn

from .transformer import Transformer


class PositionEmbedding(nn.Module):
    """One learned vector per position of the window (`pos_emb`)."""

    def __init__(self, n_ctx, width, init_scale):
        super().__init__()
        self.pos_emb = nn.Parameter(torch.randn(n_ctx, width) * (0.01 * init_scale))

    def forward(self):
        """(n_ctx, width) position embeddings."""
        return self.pos_emb


class ConditionalAutoregressive(nn.Module):
    """Teacher-forced logits over the codes of one level, given start-token and per-position conditioning."""

    def __init__(self, hps):
        super().__init__()
        if hps.pos_init:
            raise ValueError("pos_init is not supported")
        width, scale = hps.prior_width, hps.init_scale
        self.width = width
        self.bins = hps.l_bins
        self.x_emb = nn.Embedding(hps.l_bins, width)
        nn.init.normal_(self.x_emb.weight, std=0.02 * scale)
        self.x_emb_dropout = nn.Dropout(hps.emb_dropout)
        self.has_y_cond = hps.labels
        if not hps.labels:
            self.start_token = nn.Parameter(torch.randn(1, width) * (0.01 * scale))
        self.pos_emb = PositionEmbedding(hps.n_ctx, width, scale)
        self.pos_emb_dropout = nn.Dropout(hps.emb_dropout)
        self.transformer = Transformer(hps)
        self.add_cond_after_transformer = not hps.merged_decoder
        self.x_out = nn.Linear(width, hps.l_bins, bias=False)
        if not hps.merged_decoder:
            self.x_out.weight = self.x_emb.weight

    def forward(self, z, x_cond=None, y_cond=None):
        """Logits (batch, n_ctx, l_bins); position p predicts z[:, p] from z[:, :p] and the conditioning."""
        n = z.shape[0]
        emb = self.x_emb(z.long())
        start = y_cond.view(n, 1, self.width) if self.has_y_cond else self.start_token.view(1, 1, -1).expand(n, 1, -1)
        x = torch.cat([start.to(emb.dtype), emb[:, :-1]], dim=1)
        cond = x_cond if x_cond is not None else torch.zeros(1, 1, self.width, dtype=x.dtype, device=x.device)
        x = self.x_emb_dropout(x) + self.pos_emb_dropout(self.pos_emb()) + cond
        x = self.transformer(x)
        if self.add_cond_after_transformer:
            x = x + cond
        return self.x_out(x)
