"""Jukebox's factored self-attention for teacher forcing (full windows, no KV cache).

The sequence of length L is viewed as `blocks` rows of `block_ctx = L // blocks` positions.
Kinds (the reference's `attn_func`): 0 dense causal, 1 causal within the own row, 2 causal down the
column (same offset in every earlier row), 3 the whole previous row (zeros for the first row).

Written after jukebox/transformer/factored_attention.py (FactoredAttention) @ 08efbbc.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from .transformer_ops import Conv1D

MASK_VALUE = -1e9


def _attend(q, k, v, n_head, causal, dropout):
    """Multi-head softmax attention of q over k/v, each (batch, length, n_state)."""
    b, lq, d = q.shape
    lk = k.shape[1]
    q = q.view(b, lq, n_head, d // n_head).transpose(1, 2)
    k = k.view(b, lk, n_head, d // n_head).permute(0, 2, 3, 1)
    v = v.view(b, lk, n_head, d // n_head).transpose(1, 2)
    scale = 1.0 / math.sqrt(math.sqrt(d // n_head))
    w = torch.matmul(q * scale, k * scale)
    dtype = w.dtype
    w = w.float()
    if causal and lq > 1:
        keep = torch.ones(lq, lk, dtype=torch.bool, device=w.device).tril(max(lk - lq, 0))
        w = w.masked_fill(~keep, MASK_VALUE)
    w = dropout(F.softmax(w, dim=-1).to(dtype))
    a = torch.matmul(w, v)
    return a.transpose(1, 2).reshape(b, lq, d)


class FactoredAttention(nn.Module):
    """One attention layer (`c_attn` -> factored attention -> `c_proj`), reference parameter names."""

    def __init__(self, n_in, n_state, n_head, attn_func, blocks, attn_dropout=0.0, resid_dropout=0.0,
                 zero_out=False, init_scale=1.0):
        super().__init__()
        self.n_head = n_head
        self.attn_func = attn_func
        self.blocks = blocks
        self.c_attn = Conv1D(n_in, n_state * 3, init_scale=init_scale)
        self.c_proj = Conv1D(n_state, n_in, zero_out, init_scale=init_scale)
        self.attn_dropout = nn.Dropout(attn_dropout)
        self.resid_dropout = nn.Dropout(resid_dropout)

    def forward(self, x):
        """Attention output for x (batch, length, n_in)."""
        q, k, v = self.c_attn(x).chunk(3, dim=2)
        a = self._factored(q, k, v)
        return self.resid_dropout(self.c_proj(a))

    def _factored(self, q, k, v):
        """Apply this layer's attention pattern to q, k, v of shape (batch, length, n_state)."""
        b, length, d = q.shape
        if self.attn_func == 0:
            return _attend(q, k, v, self.n_head, True, self.attn_dropout)
        rows, cols = self.blocks, length // self.blocks
        if self.attn_func == 1:
            rowwise = [t.reshape(b * rows, cols, d) for t in (q, k, v)]
            return _attend(*rowwise, self.n_head, True, self.attn_dropout).view(b, length, d)
        if self.attn_func == 2:
            colwise = [t.view(b, rows, cols, d).transpose(1, 2).reshape(b * cols, rows, d) for t in (q, k, v)]
            a = _attend(*colwise, self.n_head, True, self.attn_dropout)
            return a.view(b, cols, rows, d).transpose(1, 2).reshape(b, length, d)
        if self.attn_func == 3:
            shifted = [F.pad(t.view(b, rows, cols, d)[:, :-1], (0, 0, 0, 0, 1, 0)).reshape(b * rows, cols, d)
                       for t in (k, v)]
            a = _attend(q.reshape(b * rows, cols, d), *shifted, self.n_head, False, self.attn_dropout)
            return a.view(b, length, d)
        raise ValueError(f"attention kind {self.attn_func} not supported")
