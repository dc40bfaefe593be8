"""Evaluation primers with their real continuations, and the demo primer.

A pair is `NAME_primer.wav` (PRIMER_SECONDS) and `NAME_real.wav` (REAL_SECONDS from the same start: the primer
plus the real continuation), cut from the first non-silent sample of a rendered piece; `heldout.json` gives
each pair's labels and source. Pieces come from a built set's held-out split (one per genre), or from the
collections that no training set here uses ("unseen"; `collections.EVAL_COLLECTIONS`, labelled with the nearest
artist and genre), which are unseen by any model trained on this builder's data whatever its split.
"""
import json
import os
import tempfile

from . import audio, cache, labels, manifest, render
from .collections import EVAL_COLLECTIONS, collection
from .select import candidates

PRIMER_SECONDS = 4.0
REAL_SECONDS = 10.0
DEMO_SECONDS = 7.0
DEMO_COLLECTION = "leadSheet"
# Genre groups the held-out split must cover: a folk piece, a chorale or baroque one, a piano or quartet one.
REQUIRED_GROUPS = (("folk",), ("chorale", "baroque"), ("piano", "quartet"))


def first_sound(x, sample_rate):
    """Index of the first non-silent sample of `x` (as `audio.sound_bounds` finds it)."""
    threshold = audio.rms(x) * 10 ** (audio.SILENCE_DB / 20)
    return audio.sound_bounds(x, threshold, round(sample_rate * audio.FRAME_SECONDS))[0]


def write_pair(x, sample_rate, out_dir, name):
    """Writes `name`_primer.wav and `name`_real.wav cut from `x`; returns (primer file, real file, start)."""
    start = first_sound(x, sample_rate)
    files = []
    for suffix, seconds in (("primer", PRIMER_SECONDS), ("real", REAL_SECONDS)):
        files.append(f"{name}_{suffix}.wav")
        audio.write_wav(os.path.join(out_dir, files[-1]), x[start:start + int(seconds * sample_rate)], sample_rate)
    return files[0], files[1], start


def _heldout_sources(data_dir):
    """(name, wav path, labels and source) of one held-out piece per genre of the built set in `data_dir`."""
    sources, genres = [], set()
    for entry in manifest.read(data_dir)["pieces"]:
        if entry["split"] != "heldout" or entry["genre"] in genres or entry["seconds"] < REAL_SECONDS:
            continue
        genres.add(entry["genre"])
        name = f"{entry['genre']}_{entry['artist']}_{entry['id']}"
        info = {key: entry[key] for key in ("artist", "genre", "collection", "path", "number", "title", "composer",
                                            "licence")}
        sources.append((name, os.path.join(data_dir, entry["file"]), dict(info, source="heldout", id=entry["id"])))
    missing = [group for group in REQUIRED_GROUPS if not genres.intersection(group)]
    if missing:
        raise ValueError(f"the held-out split of {data_dir} has no piece of at least {REAL_SECONDS} s for "
                         f"{' and '.join('/'.join(group) for group in missing)}; build more minutes")
    return sources


def render_unseen(name, scratch):
    """(candidate, cache record) of the first piece of never-used collection `name` that renders to at least
    REAL_SECONDS, rendered into the cache directory `scratch`."""
    collection(name, role="eval")
    soundfont_sha = manifest.soundfont_sha256()
    for candidate in candidates(name):
        record = cache.render_cached((candidate, scratch, soundfont_sha))
        if "error" not in record and record["seconds"] >= REAL_SECONDS:
            return candidate, record
    raise ValueError(f"collection {name!r} has no piece that renders to {REAL_SECONDS} s")


def _unseen_sources(scratch):
    """(name, wav path, labels and source) of one piece of each never-used collection."""
    sources = []
    for name in EVAL_COLLECTIONS:
        candidate, record = render_unseen(name, scratch)
        row = candidate.row
        info = {"artist": row.artist, "genre": candidate.genre, "collection": name, "path": candidate.path,
                "number": candidate.number, "title": record["title"],
                "composer": row.composer or record["score_composer"], "licence": row.licence}
        sources.append((f"{candidate.genre}_{row.artist}_{name}", record["wav"], dict(info, source="unseen")))
    return sources


def build_eval_set(out_dir, data_dir=None, source="both"):
    """Writes the pairs and `heldout.json` into `out_dir`; returns the JSON as a dict.

    `source`: "heldout" (one per genre of the built set in `data_dir`), "unseen" (one per never-used collection)
    or "both".
    """
    os.makedirs(out_dir, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="jbx-eval-") as scratch:
        sources = []
        if source in ("heldout", "both"):
            if data_dir is None:
                raise ValueError("held-out primers need the built training set (--out DIR)")
            sources += _heldout_sources(data_dir)
        if source in ("unseen", "both"):
            sources += _unseen_sources(scratch)
        pairs = []
        for name, wav, info in sources:
            x, rate, _ = audio.read_wav(wav)
            primer, real, start = write_pair(x, rate, out_dir, name)
            pairs.append(dict(name=name, primer=primer, real=real, start_sample=start, **info,
                              artist_id=labels.artist_id(info["artist"]), genre_id=labels.genre_id(info["genre"])))
    result = {"sample_rate": render.SAMPLE_RATE, "primer_seconds": PRIMER_SECONDS, "real_seconds": REAL_SECONDS,
              "builder_version": cache.BUILDER_VERSION, "pairs": pairs}
    with open(os.path.join(out_dir, "heldout.json"), "w") as f:
        json.dump(result, f, indent=1, ensure_ascii=False)
        f.write("\n")
    return result


def write_demo_primer(path, seconds=DEMO_SECONDS):
    """Writes a `seconds`-long folk primer (16-bit mono) to `path`: the opening of the never-used
    `leadSheet/fosterBrownHair.mxl` on the folk ensemble's violin. Returns its source and labels."""
    with tempfile.TemporaryDirectory(prefix="jbx-demo-") as scratch:
        candidate, record = render_unseen(DEMO_COLLECTION, scratch)
        x, rate, _ = audio.read_wav(record["wav"])
    start = first_sound(x, rate)
    audio.write_wav(path, x[start:start + int(seconds * rate)], rate)
    row = candidate.row
    return {"file": path, "seconds": seconds, "collection": candidate.collection, "path": candidate.path,
            "title": record["title"], "composer": row.composer, "licence": row.licence, "artist": row.artist,
            "genre": candidate.genre, "programs": record["programs"]}
