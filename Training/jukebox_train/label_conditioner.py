"""Label conditioning (`y_emb`): artist + bag-of-genres start token, and for the top prior a timing signal.

The label vector y is [total_length, offset, sample_length, artist, genre x max_bow_genre_size] (samples,
empty genre slots -1). The timing signal sums three range embeddings: the piece's total length, the absolute
position of each token of the window in samples, and its position relative to the piece's length.

Written after jukebox/prior/conditioners.py (LabelConditioner, RangeEmbedding, SimpleEmbedding) @ 08efbbc.
"""
import torch
import torch.nn as nn


class SimpleEmbedding(nn.Module):
    """Embedding of integer labels (`emb`)."""

    def __init__(self, bins, width, init_scale):
        super().__init__()
        self.bins = bins
        self.emb = nn.Embedding(bins, width)
        nn.init.normal_(self.emb.weight, std=0.01 * init_scale)

    def forward(self, y):
        """Embed y (batch, n) of ids in [0, bins)."""
        if bool(((y < 0) | (y >= self.bins)).any()):
            raise ValueError(f"label id outside [0, {self.bins}): {y.tolist()}")
        return self.emb(y)


class RangeEmbedding(nn.Module):
    """Embedding of a value in [pos_min, pos_max) binned into `bins`; spans n_time points from start to end."""

    def __init__(self, n_time, bins, value_range, width, init_scale, clamp=False):
        super().__init__()
        self.n_time = n_time
        self.bins = bins
        self.pos_min, self.pos_max = value_range
        self.clamp = clamp
        self.emb = nn.Embedding(bins, width)
        nn.init.normal_(self.emb.weight, std=0.01 * init_scale)

    def bin_indices(self, start, end=None):
        """Bin index of every interpolated point: (batch, n_time) int64, from float (batch, 1) bounds."""
        if bool(((start < self.pos_min) | (start >= self.pos_max)).any()):
            raise ValueError(f"timing value outside [{self.pos_min}, {self.pos_max}): {start.tolist()}")
        if self.n_time == 1:
            position = start
        else:
            if self.clamp:
                end = end.clamp(self.pos_min, self.pos_max)
            elif bool((end > self.pos_max).any()):
                raise ValueError(f"timing value above {self.pos_max}: {end.tolist()}")
            steps = torch.arange(self.n_time, dtype=torch.float, device=start.device).view(1, -1) / self.n_time
            position = start + (end - start) * steps
        normalised = (position - self.pos_min) / (self.pos_max - self.pos_min)
        return (self.bins * normalised).floor().long()

    def forward(self, start, end=None):
        """Embedded bins, (batch, n_time, width)."""
        return self.emb(self.bin_indices(start, end))


class LabelConditioner(nn.Module):
    """Start-token embedding from artist and genres; timing embedding for the top prior only."""

    def __init__(self, hps, include_time_signal):
        super().__init__()
        genre_bins, artist_bins = hps.y_bins
        width, scale = hps.prior_width, hps.init_scale
        self.max_bow_genre_size = hps.max_bow_genre_size
        self.bow_genre_emb = SimpleEmbedding(genre_bins, width, scale)
        self.artist_emb = SimpleEmbedding(artist_bins, width, scale)
        self.include_time_signal = include_time_signal
        if include_time_signal:
            lo, hi = hps.min_duration * hps.sr, hps.max_duration * hps.sr
            self.total_length_emb = RangeEmbedding(1, hps.t_bins, (lo, hi), width, scale)
            self.absolute_pos_emb = RangeEmbedding(hps.n_ctx, hps.t_bins, (0.0, hi), width, scale)
            self.relative_pos_emb = RangeEmbedding(hps.n_ctx, hps.t_bins, (0.0, 1.0), width, scale, clamp=True)

    def timing_bounds(self, y):
        """Float (batch, 1) inputs of the three range embeddings: total, (start, end), (start, end) relative."""
        total, start = y[:, 0:1].float(), y[:, 1:2].float()
        end = (y[:, 1:2] + y[:, 2:3]).float()
        return total, (start, end), (start / total, end / total)

    def forward(self, y):
        """(start embedding (batch, 1, width), timing embedding (batch, n_ctx, width) or None)."""
        if y.dim() != 2 or y.shape[1] != 4 + self.max_bow_genre_size:
            raise ValueError(f"expected labels (batch, {4 + self.max_bow_genre_size}), got {tuple(y.shape)}")
        artist, genre = y[:, 3:4], y[:, 4:]
        present = (genre >= 0).unsqueeze(2).to(self.bow_genre_emb.emb.weight.dtype)
        genre_emb = (self.bow_genre_emb(genre.clamp(min=0)) * present).sum(dim=1, keepdim=True)
        start_emb = genre_emb + self.artist_emb(artist)
        if not self.include_time_signal:
            return start_emb, None
        total, absolute, relative = self.timing_bounds(y)
        timing = self.total_length_emb(total) + self.absolute_pos_emb(*absolute) + self.relative_pos_emb(*relative)
        return start_emb, timing
