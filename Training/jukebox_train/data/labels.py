"""The label vocabulary of the training set: artists and genres with their v2 ids (0 = unknown).

The files follow the reference's `ids/v2_artist_ids.txt` / `v2_genre_ids.txt` format: one `name;id` per line,
the unknown rows first. v2 genre names are bags of words split at `_`, so every genre is one word.
"""
import os

ARTISTS = ("airds", "bach", "beach", "beethoven", "ciconia", "corelli", "handel", "haydn", "johnson_j_r", "joplin",
           "lusitano", "miscfolk", "monteverdi", "mozart", "oneills", "ryans", "schumann_clara", "schumann_robert",
           "trecento", "verdi")
GENRES = ("baroque", "chorale", "folk", "madrigal", "piano", "quartet")
_ARTIST_UNKNOWN = ("unknown", "various", "")
_GENRE_UNKNOWN = ("unknown",)


def artist_id(name):
    """The v2 id of artist `name` (1..20)."""
    return ARTISTS.index(name) + 1


def genre_id(name):
    """The v2 id of genre `name` (1..6)."""
    return GENRES.index(name) + 1


def id_file_text(names, unknown):
    """`name;id` lines: the unknown names with id 0, then `names` numbered from 1."""
    lines = [f"{name};0" for name in unknown] + [f"{name};{i}" for i, name in enumerate(names, 1)]
    return "\n".join(lines) + "\n"


def write_label_files(directory):
    """Writes `v2_artist_ids.txt` and `v2_genre_ids.txt` into `directory`; returns their paths."""
    os.makedirs(directory, exist_ok=True)
    paths = []
    for kind, names, unknown in (("artist", ARTISTS, _ARTIST_UNKNOWN), ("genre", GENRES, _GENRE_UNKNOWN)):
        path = os.path.join(directory, f"v2_{kind}_ids.txt")
        with open(path, "w") as f:
            f.write(id_file_text(names, unknown))
        paths.append(path)
    return paths
