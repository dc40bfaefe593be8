"""Rendered pieces kept on disk so that a build resumes: `<dir>/<digest>.wav` and `<dir>/<digest>.json`.

The digest covers everything the audio depends on (builder version, piece, GM programs, render settings,
soundfont), so a change of any of them renders again. A record whose WAV is missing or has another SHA-256 is
rendered again; a piece that failed keeps its reason and is not tried again.
"""
import hashlib
import json
import os

from . import audio, render
from .select import CORPUS_ROOT

BUILDER_VERSION = "1.0"


def settings():
    """The render settings that the audio depends on."""
    return {"sample_rate": render.SAMPLE_RATE, "gain": render.GAIN, "max_piece_seconds": render.MAX_PIECE_SECONDS,
            "silence_db": audio.SILENCE_DB, "max_rest_seconds": audio.MAX_REST, "target_dbfs": audio.TARGET_DBFS,
            "peak_ceiling": audio.PEAK_CEILING}


def digest(candidate, soundfont_sha):
    """The cache name of `candidate` rendered with today's settings."""
    programs = render.programs_for(candidate.genre, candidate.index)
    blob = json.dumps([BUILDER_VERSION, candidate.key, programs, settings(), soundfont_sha], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:24]


def render_cached(job):
    """Renders `job` = (candidate, cache dir, soundfont sha) unless the cache holds it; returns its record.

    The record: key, programs, seconds, title, score_composer, sha256, or key and error; plus wav (the
    cached file's path) and cached (False when rendered by this call).
    """
    candidate, directory, soundfont_sha = job
    name = os.path.join(directory, digest(candidate, soundfont_sha))
    if os.path.exists(name + ".json"):
        with open(name + ".json") as f:
            record = json.load(f)
        wav_ok = os.path.exists(name + ".wav") and audio.sha256_file(name + ".wav") == record.get("sha256")
        if "error" in record or wav_ok:
            return dict(record, wav=name + ".wav", cached=True)
    programs = list(render.programs_for(candidate.genre, candidate.index))
    record = {"key": candidate.key, "programs": programs}
    try:
        seconds, title, composer = render.render_score(os.path.join(CORPUS_ROOT, candidate.path), candidate.number,
                                                       programs, name + ".tmp.wav")
        os.replace(name + ".tmp.wav", name + ".wav")
        record.update(seconds=round(seconds, 3), title=title, score_composer=composer,
                      sha256=audio.sha256_file(name + ".wav"))
    except render.RenderError as error:
        record["error"] = str(error)
    with open(name + ".tmp.json", "w") as f:
        json.dump(record, f, indent=1)
    os.replace(name + ".tmp.json", name + ".json")
    return dict(record, wav=name + ".wav", cached=False)
