"""Which pieces: the candidates of a collection in a fixed order, and the held-out split.

A candidate is a score file of the corpus, or one tune of an ABC file that holds many (`number` is its `X:`
field). Candidates are listed from sorted paths, one encoding per piece (.mxl before .xml before .krn), tunes
with a title already seen in the collection dropped, then shuffled with a seed made from SEED and the
collection's name: the same corpus gives the same order on every run and machine.
"""
import os
import random
import re
from dataclasses import dataclass

import music21

from .collections import COLLECTIONS

SEED = 20240607
HELDOUT_EVERY = 12
CORPUS_ROOT = os.path.dirname(music21.corpus.__file__)
_PREFERENCE = (".mxl", ".musicxml", ".xml", ".krn", ".abc")
_TUNE_START = re.compile(r"^X:\s*(\d+)", re.M)
_TITLE = re.compile(r"^T:\s*(.*)$", re.M)


@dataclass(frozen=True)
class Candidate:
    """One piece to render: `path` relative to the corpus root, `index` its place in the collection's order."""
    collection: str
    path: str
    number: int | None
    index: int

    @property
    def key(self):
        """A name unique in the corpus, e.g. `oneills1850/0001-0050.abc#2`."""
        return self.path + (f"#{self.number}" if self.number is not None else "")

    @property
    def row(self):
        """The collection's row in the licence table."""
        return COLLECTIONS[self.collection]

    @property
    def genre(self):
        """The piece's genre."""
        return self.row.genre_of(self.path)


def _score_files(name):
    """Corpus paths of the collection's scores, sorted, one encoding per piece, excluded files left out."""
    best = {}
    for folder, dirs, files in os.walk(os.path.join(CORPUS_ROOT, name)):
        dirs.sort()
        for file in files:
            stem, ext = os.path.splitext(file)
            if ext not in _PREFERENCE:
                continue
            path = os.path.relpath(os.path.join(folder, file), CORPUS_ROOT).replace(os.sep, "/")
            piece = path[:-len(ext)]
            if piece not in best or _PREFERENCE.index(ext) < _PREFERENCE.index(os.path.splitext(best[piece])[1]):
                best[piece] = path
    row = COLLECTIONS[name]
    return sorted(path for path in best.values() if row.exclusion(path) is None)


def abc_tunes(text):
    """(X number, title) of each tune of ABC `text`, in file order."""
    starts = list(_TUNE_START.finditer(text))
    tunes = []
    for i, match in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        title = _TITLE.search(text, match.end(), end)
        tunes.append((int(match.group(1)), title.group(1).strip().lower() if title else ""))
    return tunes


def _pieces(name):
    """(path, number) of every distinct piece of the collection, in sorted path order."""
    pieces, titles = [], set()
    for path in _score_files(name):
        if not path.endswith(".abc"):
            pieces.append((path, None))
            continue
        with open(os.path.join(CORPUS_ROOT, path), encoding="utf-8", errors="replace") as f:
            tunes = abc_tunes(f.read())
        numbers = set()
        for number, title in tunes:
            if number in numbers or (title and title in titles):
                continue
            numbers.add(number)
            titles.add(title)
            pieces.append((path, number if len(tunes) > 1 else None))
    return pieces


def candidates(name):
    """The collection's candidates in the fixed shuffled order."""
    pieces = _pieces(name)
    random.Random(f"{SEED}:{name}").shuffle(pieces)
    return [Candidate(name, path, number, index) for index, (path, number) in enumerate(pieces)]


def heldout_positions(count):
    """Which of `count` pieces of one genre are held out: about 1 in HELDOUT_EVERY, evenly spaced, at least one
    once the genre has 4 pieces."""
    if count < 4:
        return set()
    held = max(1, round(count / HELDOUT_EVERY))
    return {int((k + 0.5) * count / held) for k in range(held)}
