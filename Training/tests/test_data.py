"""Tests of the training-set builder (jukebox_train.data): a 3-piece build, its audio, manifest and licence checks.

    cd Training && .venv/bin/python -m unittest tests.test_data -v
"""
import json
import os
import shutil
import tempfile
import unittest

import numpy as np

from jukebox_train.data import audio, build, heldout, labels, render
from jukebox_train.data.collections import COLLECTIONS, LicenceError, collection

SMALL = ("airdsAirs", "bach", "oneills1850")
FIELDS = {"id", "file", "collection", "path", "number", "title", "composer", "artist", "artist_id", "genre",
          "genre_id", "licence", "programs", "seconds", "split", "sha256"}


class BuiltSet(unittest.TestCase):
    """One small build shared by the tests, built again elsewhere for determinism and resumed in place."""

    @classmethod
    def setUpClass(cls):
        cls.root = tempfile.mkdtemp(prefix="jbx-test-data-")
        cls.out = os.path.join(cls.root, "a")
        cls.manifest = build.build(build.Options(out=cls.out, limit=3, collections=SMALL, workers=2))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.root)

    def test_manifest(self):
        m = self.manifest
        self.assertEqual(len(m["pieces"]), 3)
        self.assertEqual({p["collection"] for p in m["pieces"]}, set(SMALL))
        for key in ("builder_version", "music21_version", "fluidsynth_version", "soundfont", "pieces", "skipped"):
            self.assertIn(key, m)
        self.assertRegex(m["fluidsynth_version"], r"\d+\.\d+")
        self.assertRegex(m["soundfont"]["sha256"], "^[0-9a-f]{64}$")
        for piece in m["pieces"]:
            self.assertEqual(set(piece), FIELDS)
            self.assertEqual(piece["licence"], COLLECTIONS[piece["collection"]].licence)
            self.assertEqual(labels.artist_id(piece["artist"]), piece["artist_id"])
            self.assertEqual(labels.genre_id(piece["genre"]), piece["genre_id"])
            self.assertIn(piece["split"], ("train", "heldout"))
            self.assertEqual(audio.sha256_file(os.path.join(self.out, piece["file"])), piece["sha256"])
        with open(os.path.join(self.out, "manifest.json")) as f:
            self.assertEqual(json.load(f), m)

    def test_labels(self):
        with open(os.path.join(self.out, "labels", "v2_genre_ids.txt")) as f:
            lines = f.read().splitlines()
        self.assertEqual(lines[0], "unknown;0")
        self.assertEqual(lines[1:], [f"{g};{i}" for i, g in enumerate(labels.GENRES, 1)])
        with open(os.path.join(self.out, "labels", "v2_artist_ids.txt")) as f:
            self.assertIn("oneills;15", f.read().splitlines())

    def test_audio(self):
        for piece in self.manifest["pieces"]:
            x, rate, channels = audio.read_wav(os.path.join(self.out, piece["file"]))
            self.assertEqual((rate, channels), (22050, 1))
            self.assertAlmostEqual(len(x) / rate, piece["seconds"], places=2)
            self.assertLessEqual(len(x) / rate, render.MAX_PIECE_SECONDS)
            level, peak = audio.rms(x), float(np.max(np.abs(x)))
            at_target = abs(20 * np.log10(level) - audio.TARGET_DBFS) < 0.5
            self.assertTrue(at_target or abs(peak - audio.PEAK_CEILING) < 0.01, (piece["id"], level, peak))
            quiet = level * 10 ** ((audio.SILENCE_DB - 10) / 20)  # looser than the builder's threshold
            frame = round(rate * audio.FRAME_SECONDS)
            self.assertGreater(audio.rms(x[:frame]), quiet, "leading silence")
            self.assertGreater(audio.rms(x[-frame:]), quiet, "trailing silence")
            longest = max((length for _, length in audio.silent_runs(x, quiet, frame)), default=0)
            self.assertLessEqual(longest * frame / rate, audio.MAX_REST + 0.011, f"rest in {piece['id']}")

    def test_deterministic_and_resumable(self):
        other = build.build(build.Options(out=os.path.join(self.root, "b"), limit=3, collections=SMALL, workers=1))
        self.assertEqual(other, self.manifest)
        cached = os.path.join(self.out, "cache")
        before = {name: os.stat(os.path.join(cached, name)).st_mtime_ns for name in os.listdir(cached)}
        again = build.build(build.Options(out=self.out, limit=3, collections=SMALL))
        self.assertEqual(again, self.manifest)
        after = {name: os.stat(os.path.join(cached, name)).st_mtime_ns for name in os.listdir(cached)}
        self.assertEqual(before, after, "a resumed build rendered again")

    def test_primer_pair(self):
        piece = self.manifest["pieces"][0]
        x, rate, _ = audio.read_wav(os.path.join(self.out, piece["file"]))
        padded = np.concatenate([np.zeros(rate // 2, dtype=np.float32), x])
        primer, real, start = heldout.write_pair(padded, rate, self.root, "pair")
        self.assertTrue(rate // 2 <= start < rate // 2 + round(rate * audio.FRAME_SECONDS), start)
        p, _, _ = audio.read_wav(os.path.join(self.root, primer))
        r, _, _ = audio.read_wav(os.path.join(self.root, real))
        self.assertEqual(len(p), int(heldout.PRIMER_SECONDS * rate))
        self.assertEqual(len(r), min(len(padded) - start, int(heldout.REAL_SECONDS * rate)))
        np.testing.assert_array_equal(p, r[:len(p)])


class Licences(unittest.TestCase):
    """The licence table refuses what it must."""

    def test_forbidden_collections_refused(self):
        for name in ("palestrina", "essenFolksong", "nottingham-dataset"):
            self.assertFalse(COLLECTIONS[name].allowed)
            with self.assertRaisesRegex(LicenceError, "not allowed"):
                build.build(build.Options(out=tempfile.gettempdir() + "/jbx-never", collections=(name,)))
        self.assertFalse(os.path.exists(tempfile.gettempdir() + "/jbx-never"))

    def test_eval_collections_kept_out_of_training(self):
        with self.assertRaisesRegex(LicenceError, "eval"):
            collection("chopin")
        self.assertEqual(collection("chopin", role="eval").genre, "piano")
        with self.assertRaisesRegex(LicenceError, "unknown"):
            collection("no_such_collection")

    def test_every_corpus_collection_has_a_row(self):
        from jukebox_train.data.select import CORPUS_ROOT
        folders = {n for n in os.listdir(CORPUS_ROOT) if os.path.isdir(os.path.join(CORPUS_ROOT, n))}
        self.assertEqual(folders - {"__pycache__", "_metadataCache"} - set(COLLECTIONS), set())

    def test_table_labels(self):
        used = {row.artist for row in COLLECTIONS.values() if row.role == "train"}
        self.assertEqual(used, set(labels.ARTISTS))
        self.assertEqual({row.genre_of("") for row in COLLECTIONS.values() if row.role == "train"}, set(labels.GENRES))


if __name__ == "__main__":
    unittest.main()
