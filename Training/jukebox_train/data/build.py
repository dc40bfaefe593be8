"""Builds the training set: choose pieces per collection up to its minute budget, render them, write the manifest.

Each collection takes candidates in its fixed order (`select.candidates`) until its budget (its `minutes` share,
scaled by `minutes / 135`) or its piece cap is reached. Pieces whose length is not known yet are rendered in
rounds on a process pool; results are accepted strictly in candidate order, so the selection does not depend on
the number of workers or on timing. Pieces music21 or FluidSynth fail on are skipped with their reason.
"""
import math
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from . import cache, manifest, render
from .collections import TRAIN_COLLECTIONS, collection
from .select import candidates

DEFAULT_MINUTES = 135.0


@dataclass
class Options:
    """What to build: into `out`, about `minutes` of audio, at most `limit` pieces, from `collections`."""
    out: str
    minutes: float = DEFAULT_MINUTES
    limit: int | None = None
    collections: tuple = TRAIN_COLLECTIONS
    workers: int = os.cpu_count() or 1


def _log(message):
    print(f"[data] {message}", file=sys.stderr, flush=True)


def choose(names, budgets, caps, render_many):
    """Accepts candidates per collection in order up to `budgets` (seconds) and `caps` (pieces).

    `render_many(candidates)` returns their cache records in order. Returns ({name: [(candidate, record)]},
    [(candidate, reason)] skipped).
    """
    queues = {name: candidates(name) for name in names}
    taken = {name: 0 for name in names}
    accepted = {name: [] for name in names}
    seconds = {name: 0.0 for name in names}
    skipped = []

    def full(name):
        return seconds[name] >= budgets[name] or len(accepted[name]) >= caps[name] or taken[name] >= len(queues[name])

    while True:
        batch = []
        for name in names:
            if full(name):
                continue
            mean = seconds[name] / len(accepted[name]) if accepted[name] else render.MAX_PIECE_SECONDS
            want = min(caps[name] - len(accepted[name]), math.ceil((budgets[name] - seconds[name]) / mean))
            batch += queues[name][taken[name]:taken[name] + max(1, want)]
            taken[name] += max(1, want)
        if not batch:
            return accepted, skipped
        for candidate, record in zip(batch, render_many(batch)):
            name = candidate.collection
            if seconds[name] >= budgets[name] or len(accepted[name]) >= caps[name]:
                continue
            if "error" in record:
                skipped.append((candidate, record["error"]))
            else:
                accepted[name].append((candidate, record))
                seconds[name] += record["seconds"]


def build(options):
    """Builds (or resumes) the training set described by `options`; returns the manifest as a dict."""
    started = time.time()
    rows = [collection(name) for name in options.collections]
    names = [row.name for row in rows]
    scale = options.minutes / DEFAULT_MINUTES
    budgets = {row.name: row.minutes * 60 * scale for row in rows}
    caps = {row.name: row.max_pieces for row in rows}
    if options.limit is not None:
        caps = {name: min(cap, math.ceil(options.limit / len(names))) for name, cap in caps.items()}
    cache_dir = os.path.join(options.out, "cache")
    os.makedirs(cache_dir, exist_ok=True)
    soundfont_sha = manifest.soundfont_sha256()
    counts = {"rendered": 0, "cached": 0}

    with ProcessPoolExecutor(max_workers=max(1, options.workers)) as pool:
        def render_many(batch):
            records = list(pool.map(cache.render_cached, [(c, cache_dir, soundfont_sha) for c in batch]))
            for record in records:
                counts["cached" if record["cached"] else "rendered"] += 1
            _log(f"{len(batch)} pieces ({counts['rendered']} rendered, {counts['cached']} from the cache so far), "
                 f"{time.time() - started:.0f} s")
            return records

        accepted, skipped = choose(names, budgets, caps, render_many)
    pieces = []  # round-robin over the collections, so that a limit keeps some of each
    for rank in range(max(map(len, accepted.values()), default=0)):
        pieces += [accepted[name][rank] for name in names if rank < len(accepted[name])]
    if options.limit is not None:
        pieces = pieces[:options.limit]
    settings = {"minutes": options.minutes, "limit": options.limit, "collections": names}
    result = manifest.write(options.out, pieces, skipped, soundfont_sha, settings)
    _log(f"done: {len(pieces)} pieces, {result['totals']['minutes']} min, {len(skipped)} skipped, "
         f"{counts['rendered']} rendered, {time.time() - started:.0f} s")
    return result
