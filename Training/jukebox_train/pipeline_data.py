"""The training set as `build_dataset.py` writes it: manifest.json, audio/*.wav and labels/v2_*_ids.txt."""
from dataclasses import dataclass
from pathlib import Path

from .data import manifest


@dataclass
class Piece:
    """One piece of the manifest: id, audio file, labels, split and provenance."""

    id: str
    wav: Path
    artist: str
    genre: str
    split: str
    seconds: float
    collection: str
    licence: str


def read_label_ids(path):
    """{name: id} from a reference `name;id` file."""
    ids = {}
    for line in Path(path).read_text().splitlines():
        if line.strip():
            name, _, value = line.rpartition(";")
            ids[name] = int(value)
    return ids


class Dataset:
    """The pieces, label vocabularies and manifest of a data folder."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.manifest = manifest.read(self.folder)
        self.pieces = [self._piece(row) for row in self.manifest["pieces"]]
        self.labels_dir = self.folder / "labels"
        self.artist_ids = read_label_ids(self.labels_dir / "v2_artist_ids.txt")
        self.genre_ids = read_label_ids(self.labels_dir / "v2_genre_ids.txt")
        if not self.pieces:
            raise ValueError(f"{self.folder}: the manifest lists no pieces")

    def _piece(self, row):
        """A Piece from one manifest row."""
        return Piece(id=row["id"], wav=self.folder / row["file"], artist=row["artist"], genre=row["genre"],
                     split=row["split"], seconds=float(row["seconds"]), collection=row["collection"],
                     licence=row["licence"])

    @property
    def train(self):
        """Pieces of the train split."""
        return [p for p in self.pieces if p.split == "train"]

    @property
    def heldout(self):
        """Pieces of the held-out split (the train pieces when there are none, as in a tiny smoke set)."""
        return [p for p in self.pieces if p.split != "train"] or self.train

    @property
    def y_bins(self):
        """[genre bins, artist bins] for the priors' label embeddings (largest id + 1)."""
        return [max(self.genre_ids.values()) + 1, max(self.artist_ids.values()) + 1]

    def label_ids(self, piece):
        """(artist id, [genre ids]) of a piece; the genre's v2 words are looked up one by one."""
        genres = [self.genre_ids.get(word, 0) for word in piece.genre.split("_")]
        return self.artist_ids.get(piece.artist, 0), genres

    def summary(self):
        """Counts, minutes per split, collections with their licences, artists and genres."""
        minutes = {split: round(sum(p.seconds for p in self.pieces if p.split == split) / 60, 2)
                   for split in sorted({p.split for p in self.pieces})}
        collections = {}
        for p in self.pieces:
            entry = collections.setdefault(p.collection, {"pieces": 0, "minutes": 0.0, "licence": p.licence})
            entry["pieces"] += 1
            entry["minutes"] = round(entry["minutes"] + p.seconds / 60, 2)
        return {"folder": str(self.folder), "pieces": len(self.pieces), "minutes": minutes,
                "collections": collections, "artists": sorted({p.artist for p in self.pieces}),
                "genres": sorted({p.genre for p in self.pieces})}
