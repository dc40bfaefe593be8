"""The music21 corpus collections: their licences, whether the builder may use them, and their labels.

Every collection of the corpus has a row. `allowed` False means the builder refuses it; `role` says what an
allowed one is for: "train" (the training set), "eval" (only evaluation pieces that no training set here ever
uses, labelled with the nearest artist and genre) or "none". The music is public domain throughout; the notes
record the encodings' terms as found in the corpus files (music21 is BSD-3, its corpus "freely distributable"
unless a file or folder says otherwise, see the corpus's license.txt).
"""
from dataclasses import dataclass

from .labels import ARTISTS, GENRES


class LicenceError(ValueError):
    """A collection or file that the builder must not use, or that it does not know."""


@dataclass(frozen=True)
class Collection:
    """One corpus folder: licence, use, labels and its share of the training set.

    `minutes` is the collection's budget in a 135-minute build (scaled with `--minutes`), `max_pieces` a cap on
    its pieces. `genre_by_path` maps path prefixes to a genre other than `genre`; `excluded` lists
    (path, reason) files that are never used.
    """
    name: str
    licence: str
    allowed: bool
    role: str = "none"
    artist: str = ""
    genre: str = ""
    composer: str = ""
    minutes: float = 0.0
    max_pieces: int = 0
    genre_by_path: tuple = ()
    excluded: tuple = ()

    def genre_of(self, path):
        """The genre of the piece at corpus path `path`."""
        for prefix, genre in self.genre_by_path:
            if path.startswith(prefix):
                return genre
        return self.genre

    def exclusion(self, path):
        """Why the file at `path` is never used, or None."""
        return dict(self.excluded).get(path)


_PD = "music public domain"
_M21 = "encoding distributed with music21 (corpus: freely distributable)"

_ROWS = (
    Collection("airdsAirs", f"{_PD} (Aird's Airs, 1778-1803); ABC transcription by Jack Campin, {_M21}", True,
               "train", "airds", "folk", "traditional", 9, 40),
    Collection("bach", f"{_PD} (J. S. Bach chorales); {_M21}; the .krn ones (c) 1994 CCARH", True,
               "train", "bach", "chorale", "Johann Sebastian Bach", 20, 40),
    Collection("beach", f"{_PD} (1915); engraving (c) 2017 Michael Scott Cuthbert, CC BY-SA", True,
               "train", "beach", "piano", "Amy Beach", 1.5, 1),
    Collection("beethoven", f"{_PD}; {_M21}", True, "train", "beethoven", "quartet", "Ludwig van Beethoven", 10, 8),
    Collection("ciconia", f"{_PD}; encoding (c) 2010 Michael Scott Cuthbert, CC BY-SA 3.0", True,
               "train", "ciconia", "madrigal", "Johannes Ciconia", 1.5, 1),
    Collection("corelli", f"{_PD}; encoding (c) 2014, CC BY", True, "train", "corelli", "baroque",
               "Arcangelo Corelli", 1.5, 1),
    Collection("handel", f"{_PD}; {_M21}", True, "train", "handel", "baroque", "George Frideric Handel", 1.5, 1),
    Collection("haydn", f"{_PD}; {_M21}", True, "train", "haydn", "quartet", "Joseph Haydn", 8, 8),
    Collection("johnson_j_r", f"{_PD} (1900); encoding CC0 (Michael Scott Asato Cuthbert)", True,
               "train", "johnson_j_r", "piano", "J. Rosamond Johnson", 1.5, 1),
    Collection("joplin", f"{_PD} (1899); {_M21}", True, "train", "joplin", "piano", "Scott Joplin", 1.5, 1),
    Collection("lusitano", f"{_PD}; encoding (c) 2022 Michael Scott Asato Cuthbert, CC0", True,
               "train", "lusitano", "madrigal", "Vicente Lusitano", 1.5, 1),
    Collection("miscFolk", f"{_PD} (traditional tunes); ABC {_M21}", True,
               "train", "miscfolk", "folk", "traditional", 8, 40),
    Collection("monteverdi", f"{_PD}; {_M21}", True, "train", "monteverdi", "madrigal", "Claudio Monteverdi", 12, 10,
               excluded=(("monteverdi/madrigal.5.4.mxl", "its rights field names UT Orpheus Edizioni 2003"),
                         ("monteverdi/madrigal.5.5.mxl", "its rights field names UT Orpheus Edizioni 2003"))),
    Collection("mozart", f"{_PD}; {_M21}", True, "train", "mozart", "quartet", "Wolfgang Amadeus Mozart", 9, 8,
               genre_by_path=(("mozart/k545/", "piano"),)),
    Collection("oneills1850", f"{_PD} (O'Neill's 1850, 1903); ABC transcriptions (Norbert Paap and others), {_M21}",
               True, "train", "oneills", "folk", "traditional", 12, 40),
    Collection("ryansMammoth", f"{_PD} (Ryan's Mammoth Collection, 1883); ABC transcriptions (Ray Davies and "
               f"others), {_M21}", True, "train", "ryans", "folk", "traditional", 12, 40),
    Collection("schumann_clara", f"{_PD}; encodings {_M21}, the polonaises CC BY-SA 4.0", True,
               "train", "schumann_clara", "piano", "Clara Schumann", 7, 5),
    Collection("schumann_robert", f"{_PD}; {_M21}", True, "train", "schumann_robert", "piano", "Robert Schumann", 7, 7,
               genre_by_path=(("schumann_robert/opus41no1/", "quartet"),)),
    Collection("trecento", f"{_PD}; encodings by Michael Scott Cuthbert, {_M21}", True,
               "train", "trecento", "madrigal", "", 9, 10),
    Collection("verdi", f"{_PD} (1851); {_M21}", True, "train", "verdi", "piano", "Giuseppe Verdi", 1.5, 1),
    # Never in a training set: unseen pieces for evaluation, labelled with the nearest artist and genre.
    Collection("chopin", f"{_PD}; Humdrum encoding by Craig Stuart Sapp (2005), {_M21}", True,
               "eval", "schumann_clara", "piano", "Frederic Chopin"),
    Collection("cpebach", f"{_PD}; {_M21}", True, "eval", "bach", "baroque", "Carl Philipp Emanuel Bach"),
    Collection("josquin", f"{_PD}; ABC encoding (c) 1999 Laura E. Conrad, GPL-2.0-or-later", True,
               "eval", "lusitano", "madrigal", "Josquin des Prez"),
    Collection("leadSheet", f"{_PD} (Foster, 1854); {_M21}", True, "eval", "miscfolk", "folk", "Stephen Foster",
               excluded=(("leadSheet/berlinAlexandersRagtime.mxl", "its rights field says All Rights Reserved"),)),
    Collection("liliuokalani", f"{_PD} (1884); encoding CC0 (Michael Scott Asato Cuthbert)", True,
               "eval", "johnson_j_r", "piano", "Liliuokalani"),
    Collection("luca", f"{_PD}; encoding (c) 2010 Michael Scott Cuthbert, CC BY-SA 3.0", True,
               "eval", "trecento", "madrigal", "Luca"),
    Collection("schubert", f"{_PD}; {_M21}", True, "eval", "schumann_robert", "piano", "Franz Schubert"),
    Collection("weber", f"{_PD}; encoding released to the public domain in 1998 (Oliver Seely)", True,
               "eval", "beethoven", "piano", "Carl Maria von Weber"),
    # Refused.
    Collection("palestrina", "Humdrum encodings (c) 2000 John Miller under their own licence terms "
               "(HumdrumDatabases/Palestrina/license.txt): not used", False),
    Collection("essenFolksong", "permission for non-commercial distribution and use only (essenFolksong/license.txt)",
               False),
    Collection("nottingham-dataset", "licence unclear", False),
    Collection("schoenberg", "Schoenberg (d. 1951): still in copyright in many countries", False),
    Collection("webern", "public domain in Canada and the EU, in the US only from 2023: not used", False),
    Collection("demos", "music21's test and demonstration files, not repertoire", False),
    Collection("theoryExercises", "music21's theory exercises, not repertoire", False),
)

COLLECTIONS = {row.name: row for row in _ROWS}
TRAIN_COLLECTIONS = tuple(row.name for row in _ROWS if row.role == "train")
EVAL_COLLECTIONS = tuple(row.name for row in _ROWS if row.role == "eval")


def collection(name, role="train"):
    """The row of collection `name`, checked for `role`.

    Raises LicenceError for an unknown collection, a refused one (with its licence note) or one kept for
    another role (an "eval" collection asked for training, which would no longer be unseen).
    """
    row = COLLECTIONS.get(name)
    if row is None:
        raise LicenceError(f"unknown corpus collection {name!r}; known: {', '.join(sorted(COLLECTIONS))}")
    if not row.allowed:
        raise LicenceError(f"collection {name!r} is not allowed: {row.licence}")
    if row.role != role:
        raise LicenceError(f"collection {name!r} is kept for role {row.role!r}, not {role!r}")
    return row


def _check_table():
    """The table's labels are in the vocabulary."""
    for row in _ROWS:
        if row.allowed:
            assert row.artist in ARTISTS and row.genre in GENRES, row.name
            assert all(genre in GENRES for _, genre in row.genre_by_path), row.name


_check_table()
