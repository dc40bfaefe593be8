"""The training set on disk: `audio/NNNN.wav`, `manifest.json` and `labels/v2_*_ids.txt`.

Pieces are numbered in (genre id, collection, place in the collection's order) order; about 1 in 12 of each
genre is held out (`select.heldout_positions`). `audio/NNNN.wav` is a hard link to the cached rendering (a copy
where links are not possible). The manifest holds no dates or timings, so two builds of the same pieces give
the same file.
"""
import functools
import json
import os
import shutil
from collections import Counter

import music21

from . import cache, labels, render
from .audio import sha256_file
from .select import SEED, heldout_positions

SOUNDFONT_LICENCE = "MIT (Frank Wen; Debian fluid-soundfont-gm, see /usr/share/doc/fluid-soundfont-gm/copyright)"


@functools.lru_cache(maxsize=None)
def soundfont_sha256(path=render.SOUNDFONT):
    """SHA-256 of the soundfont."""
    return sha256_file(path)


def _entry(number, candidate, record, split):
    """The manifest's row of one piece."""
    row = candidate.row
    genre = candidate.genre
    return {"id": f"{number:04d}", "file": f"audio/{number:04d}.wav", "collection": candidate.collection,
            "path": candidate.path, "number": candidate.number, "title": record["title"],
            "composer": row.composer or record["score_composer"] or "unknown",
            "artist": row.artist, "artist_id": labels.artist_id(row.artist),
            "genre": genre, "genre_id": labels.genre_id(genre), "licence": row.licence,
            "programs": record["programs"], "seconds": record["seconds"], "split": split, "sha256": record["sha256"]}


def _link(source, target):
    """Makes `target` a hard link to `source` (a copy where that fails)."""
    if os.path.lexists(target):
        os.remove(target)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _totals(entries):
    """Pieces and minutes in all, per split, per genre and per artist."""
    def minutes(items):
        return round(sum(e["seconds"] for e in items) / 60, 2)

    def group(field):
        names = sorted({e[field] for e in entries})
        return {name: {"pieces": sum(e[field] == name for e in entries),
                       "minutes": minutes([e for e in entries if e[field] == name])} for name in names}

    splits = {split: {"pieces": sum(e["split"] == split for e in entries),
                      "minutes": minutes([e for e in entries if e["split"] == split])}
              for split in ("train", "heldout")}
    return {"pieces": len(entries), "minutes": minutes(entries), "splits": splits,
            "genres": group("genre"), "artists": group("artist")}


def write(out, pieces, skipped, soundfont_sha, settings):
    """Numbers `pieces` ([(candidate, record)]), splits them, links their audio and writes the manifest."""
    pieces = sorted(pieces, key=lambda p: (labels.genre_id(p[0].genre), p[0].collection, p[0].index))
    counts, ranks = Counter(c.genre for c, _ in pieces), Counter()
    audio_dir = os.path.join(out, "audio")
    os.makedirs(audio_dir, exist_ok=True)
    entries = []
    for number, (candidate, record) in enumerate(pieces, 1):
        split = "heldout" if ranks[candidate.genre] in heldout_positions(counts[candidate.genre]) else "train"
        ranks[candidate.genre] += 1
        entries.append(_entry(number, candidate, record, split))
        _link(record["wav"], os.path.join(out, entries[-1]["file"]))
    wanted = {os.path.basename(e["file"]) for e in entries}
    for stale in sorted(set(os.listdir(audio_dir)) - wanted):
        os.remove(os.path.join(audio_dir, stale))
    labels.write_label_files(os.path.join(out, "labels"))
    result = {
        "builder_version": cache.BUILDER_VERSION, "music21_version": music21.__version__,
        "fluidsynth_version": render.fluidsynth_version(),
        "soundfont": {"file": os.path.basename(render.SOUNDFONT), "sha256": soundfont_sha,
                      "licence": SOUNDFONT_LICENCE},
        "audio": "16-bit PCM mono WAV", "seed": SEED, "settings": dict(settings, **cache.settings()),
        "labels": {"artists": list(labels.ARTISTS), "genres": list(labels.GENRES)},
        "totals": _totals(entries), "pieces": entries,
        "skipped": [{"collection": c.collection, "path": c.path, "number": c.number, "reason": reason}
                    for c, reason in skipped],
    }
    temporary = os.path.join(out, "manifest.json.tmp")
    with open(temporary, "w") as f:
        json.dump(result, f, indent=1, ensure_ascii=False)
        f.write("\n")
    os.replace(temporary, os.path.join(out, "manifest.json"))
    return result


def read(out):
    """The manifest of the training set in `out`."""
    with open(os.path.join(out, "manifest.json")) as f:
        return json.load(f)
