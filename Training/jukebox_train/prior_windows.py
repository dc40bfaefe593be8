"""Training and evaluation windows for a prior, cut from per-level code arrays of whole pieces.

A window at level L is n_ctx consecutive codes starting at token `start`. For an upsampler `start` is a
multiple of `cond_downsample` (tokens of L per token of L + 1), and the conditioning window is
codes[L + 1][start / ds : (start + n_ctx) / ds]: the upper codes of the same span of audio, as the
reference's `get_z_conds` slices them. The label vector is [total_length, offset, sample_length, artist,
genres...] in audio samples, with offset = start * raw_to_tokens and sample_length = n_ctx * raw_to_tokens
(the reference's `get_y`). Pieces shorter than one window are skipped.
"""
from dataclasses import dataclass
from typing import List, Optional, Sequence

import numpy as np
import torch


@dataclass
class CodedPiece:
    """One piece: its VQ-VAE codes per level (codes[0] finest), labels and audio length in samples."""

    codes: Sequence[np.ndarray]
    artist_id: int
    genre_ids: Sequence[int]
    total_length: int


@dataclass
class Window:
    """One training example: z (n_ctx,), z_cond (n_ctx / ds,) or None, and the label vector y."""

    z: np.ndarray
    z_cond: Optional[np.ndarray]
    y: np.ndarray


def _step(hps):
    """Granularity of window starts at this level (cond_downsample for upsamplers, else 1)."""
    return hps.cond_downsample or 1


def max_start(hps, piece):
    """Largest valid window start (in tokens of hps.level) for `piece`, or -1 when none fits."""
    step = _step(hps)
    last = len(piece.codes[hps.level]) - hps.n_ctx
    if hps.is_upsampler:
        last = min(last, (len(piece.codes[hps.level + 1]) - hps.n_ctx // step) * step)
    if hps.labels and not hps.is_upsampler:
        if not hps.min_duration * hps.sr <= piece.total_length < hps.max_duration * hps.sr:
            return -1
        last = min(last, (int(hps.max_duration * hps.sr) - hps.sample_length) // hps.raw_to_tokens)
    return -1 if last < 0 else last - last % step


def label_vector(hps, piece, start):
    """The int64 label vector y for a window of `piece` starting at token `start`."""
    genres = list(piece.genre_ids)
    if len(genres) > hps.max_bow_genre_size:
        raise ValueError(f"{len(genres)} genres, max_bow_genre_size is {hps.max_bow_genre_size}")
    genres += [-1] * (hps.max_bow_genre_size - len(genres))
    head = [piece.total_length, start * hps.raw_to_tokens, hps.sample_length, piece.artist_id]
    return np.array(head + genres, dtype=np.int64)


def make_window(hps, piece, start):
    """The window of `piece` at token `start` (must be a multiple of cond_downsample, at most max_start)."""
    if start % _step(hps) or not 0 <= start <= max_start(hps, piece):
        raise ValueError(f"window start {start} invalid for this piece (max {max_start(hps, piece)})")
    z = np.asarray(piece.codes[hps.level][start:start + hps.n_ctx], dtype=np.int64)
    z_cond = None
    if hps.is_upsampler:
        first = start // hps.cond_downsample
        z_cond = np.asarray(piece.codes[hps.level + 1][first:first + hps.n_ctx // hps.cond_downsample],
                            dtype=np.int64)
    return Window(z, z_cond, label_vector(hps, piece, start))


def random_windows(hps, pieces, count, rng):
    """`count` windows drawn uniformly over every valid start of every piece (rng: numpy Generator)."""
    step = _step(hps)
    choices = np.array([max_start(hps, p) // step + 1 if max_start(hps, p) >= 0 else 0 for p in pieces])
    if choices.sum() == 0:
        raise ValueError(f"no piece is long enough for a level-{hps.level} window of {hps.n_ctx} tokens")
    picks = rng.choice(len(pieces), size=count, p=choices / choices.sum())
    return [make_window(hps, pieces[i], int(rng.integers(choices[i])) * step) for i in picks]


def tiled_windows(hps, pieces, limit=None):
    """Non-overlapping windows from the start of every piece (held-out evaluation), at most `limit`."""
    out: List[Window] = []
    for piece in pieces:
        last = max_start(hps, piece)
        out.extend(make_window(hps, piece, s) for s in range(0, last + 1, hps.n_ctx))
    return out[:limit] if limit is not None else out


def collate(windows, device=None):
    """Stack windows into a batch dict {'z', 'z_cond' (or None), 'y'} of int64 tensors on `device`."""
    batch = {"z": torch.from_numpy(np.stack([w.z for w in windows])),
             "y": torch.from_numpy(np.stack([w.y for w in windows])),
             "z_cond": None}
    if windows[0].z_cond is not None:
        batch["z_cond"] = torch.from_numpy(np.stack([w.z_cond for w in windows]))
    return {k: (v.to(device) if v is not None and device is not None else v) for k, v in batch.items()}


def draw_batch(hps, pieces, batch_size, rng, device=None):
    """A random training batch (see `random_windows` and `collate`)."""
    return collate(random_windows(hps, pieces, batch_size, rng), device)
