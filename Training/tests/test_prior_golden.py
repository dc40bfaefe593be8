"""Priors: parity with the reference's golden vectors, the trained bundle's keys, and tiny training runs.

Run: cd Training && python -m unittest tests.test_prior_golden -v
"""
import json
import math
import os
import tempfile
import unittest

import numpy as np
import torch

from jukebox_train import safetensors_io
from jukebox_train.label_conditioner import LabelConditioner
from jukebox_train.prior import build_prior, nats_to_bits
from jukebox_train.prior_checkpoint import load_checkpoint, load_prior, save_checkpoint
from jukebox_train.prior_hparams import (PriorHparams, classical_top, classical_upsampler, tiny_top,
                                         tiny_upsampler)
from jukebox_train.prior_train import heldout_bits, train_step, unigram_bits
from jukebox_train.prior_windows import CodedPiece, draw_batch, make_window, max_start, tiled_windows

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GOLDEN = os.environ.get("JUKEBOX_GOLDEN", os.path.join(os.path.dirname(REPO), "shared", "golden"))
BUNDLE = os.environ.get("JUKEBOX_DEFAULT_BUNDLE", os.path.join(REPO, "Training", "models", "classical"))
HELDOUT_WAV = os.path.join(REPO, "Training", "heldout", "folk_airds_real.wav")  # held out from the default
LOGIT_TOL = 1e-4


def _golden_case(name):
    """(hps dict, structure, weights, tensors) of a golden case."""
    with open(os.path.join(GOLDEN, f"{name}.json")) as f:
        meta = json.load(f)
    weights = safetensors_io.load(os.path.join(GOLDEN, f"{name}.weights.safetensors"))
    tensors = safetensors_io.load(os.path.join(GOLDEN, f"{name}.safetensors"))
    return meta["hps"], meta["structure"], weights, tensors


def _golden_hparams(hps, structure):
    """PriorHparams of a golden case; the VQ-VAE shapes come from the case's structure, not its hps."""
    downs_t = [3, 2, 2]
    assert math.prod(2 ** d for d in downs_t[:structure["level"] + 1]) == structure["raw_to_tokens"]
    return PriorHparams.from_dict(hps, l_bins=structure["l_bins"], downs_t=downs_t, strides_t=[2, 2, 2])


def _max_abs(a, b):
    """Largest absolute difference of two tensors."""
    return (a.float() - b.float()).abs().max().item()


@unittest.skipUnless(os.path.isdir(GOLDEN), f"golden vectors not found at {GOLDEN} (set JUKEBOX_GOLDEN)")
class UpsamplerParityTests(unittest.TestCase):
    """Upsamplers built from the golden hps reproduce the reference's conditioning and logits."""

    def check_case(self, name):
        """Strict load, then bins (exact), y_cond / x_cond and teacher-forced logits (tolerance)."""
        hps, structure, weights, t = _golden_case(name)
        hp = _golden_hparams(hps, structure)
        self.assertEqual(hp.attn_funcs, structure["attn_func_per_layer"])
        self.assertEqual(hp.cond_downsample, structure["cond_downsample"])
        self.assertEqual(hp.sample_length, structure["sample_length"])
        prior = build_prior(hp).eval()
        prior.load_state_dict({k: v.float() for k, v in weights.items()}, strict=True)
        y, z, z_cond = t["input.y"], t["input.z"], t["input.z_cond"]
        self.assertTrue(torch.equal(y[:, 3:4], t["cond.bins.artist_emb"]))
        self.assertTrue(torch.equal(y[:, 4:].clamp(min=0), t["cond.bins.bow_genre_emb"]))
        with torch.no_grad():
            x_cond, y_cond = prior.get_cond(y, z_cond)
            logits = prior(z, y, z_cond)
            bits = nats_to_bits(prior.loss(z, y, z_cond).item())
        errors = {"y_cond": _max_abs(y_cond, t["cond.y_cond"]), "x_cond": _max_abs(x_cond, t["cond.x_cond"]),
                  "logits": _max_abs(logits, t["forward.logits"])}
        print(f"\n{name}: max abs error {errors}")
        self.assertLess(errors["y_cond"], 1e-5)
        self.assertLess(errors["x_cond"], 1e-5)
        self.assertLess(errors["logits"], LOGIT_TOL)
        with open(os.path.join(GOLDEN, f"{name}.json")) as f:
            self.assertAlmostEqual(bits, json.load(f)["scalars"]["gen_loss_bits"], places=4)

    def test_upsampler_level_1(self):
        """prior_upsampler_l1."""
        self.check_case("prior_upsampler_l1")

    def test_upsampler_level_0(self):
        """prior_upsampler_l0."""
        self.check_case("prior_upsampler_l0")

    def test_top_prior_label_conditioning(self):
        """The top priors' timing bins (exact), start token and timing embedding (lyrics parts unused)."""
        for name in ("prior_top_5b", "prior_top_1b"):
            hps, _, weights, t = _golden_case(name)
            hp = PriorHparams.from_dict(hps)
            cond = LabelConditioner(hp, include_time_signal=True)
            cond.load_state_dict({k[len("y_emb."):]: v.float() for k, v in weights.items()
                                  if k.startswith("y_emb.")}, strict=True)
            y = t["input.y"][:, :hp.y_length]
            total, absolute, relative = cond.timing_bounds(y)
            self.assertTrue(torch.equal(cond.total_length_emb.bin_indices(total), t["cond.bins.total_length_emb"]))
            self.assertTrue(torch.equal(cond.absolute_pos_emb.bin_indices(*absolute),
                                        t["cond.bins.absolute_pos_emb"]))
            self.assertTrue(torch.equal(cond.relative_pos_emb.bin_indices(*relative),
                                        t["cond.bins.relative_pos_emb"]))
            with torch.no_grad():
                y_cond, x_cond = cond(y)
            self.assertLess(_max_abs(y_cond, t["cond.y_cond"]), 1e-5)
            self.assertLess(_max_abs(x_cond, t["cond.x_cond"]), 1e-5)


@unittest.skipUnless(os.path.isdir(BUNDLE), f"default model not found at {BUNDLE} (set JUKEBOX_DEFAULT_BUNDLE)")
class ClassicalBundleTests(unittest.TestCase):
    """The classical presets hold exactly the trained bundle's tensors."""

    def load_level(self, level, hp):
        """Build the preset and strictly load the bundle's float16 tensors as float32."""
        prior = build_prior(hp).eval()
        weights = {k: v.float() for k, v in safetensors_io.load(
            os.path.join(BUNDLE, f"prior_level_{level}.safetensors")).items()}
        own = prior.state_dict()
        self.assertEqual(set(weights), set(own))
        for key, value in weights.items():
            self.assertEqual(tuple(value.shape), tuple(own[key].shape), key)
        prior.load_state_dict(weights, strict=True)
        return prior

    def test_upsamplers(self):
        """Levels 0 and 1."""
        for level in (0, 1):
            self.load_level(level, classical_upsampler(level))

    def test_top_prior(self):
        """Level 2; logits on a constant window are finite and below the uniform distribution's 9 bits."""
        hp = classical_top()
        prior = self.load_level(2, hp)
        z = torch.full((1, hp.n_ctx), 7, dtype=torch.long)
        y = torch.tensor([[hp.sr * 60, hp.sr * 10, hp.sample_length, 2, 1]])
        with torch.no_grad():
            logits = prior(z, y)
            bits = nats_to_bits(prior.loss(z, y).item())
        self.assertTrue(bool(torch.isfinite(logits).all()))
        self.assertLess(bits, math.log2(hp.l_bins))

    @unittest.skipUnless(os.path.isfile(HELDOUT_WAV), f"held-out clip not found at {HELDOUT_WAV}")
    def test_heldout_bits_on_real_codes(self):
        """Codes of a held-out folk clip (bundle VQ-VAE): every level scores far below the clip's unigram."""
        try:
            from jukebox_train.vqvae import build_vqvae, load_state_dict_strict
            from jukebox_train.wav_io import read_wav
        except ImportError as error:
            self.skipTest(f"VQ-VAE not available: {error}")
        with open(os.path.join(BUNDLE, "config.json")) as f:
            vqvae = build_vqvae(json.load(f)["vqvae"]).eval()
        load_state_dict_strict(vqvae, safetensors_io.load(os.path.join(BUNDLE, "vqvae.safetensors")))
        audio, _ = read_wav(HELDOUT_WAV)
        n = classical_top().sample_length
        with torch.no_grad():
            codes = [c[0].numpy() for c in vqvae.encode(torch.from_numpy(audio[:n, :1]).view(1, n, 1))]
        piece = CodedPiece(codes=codes, artist_id=1, genre_ids=[3], total_length=len(audio))
        for level, hp in ((2, classical_top()), (1, classical_upsampler(1)), (0, classical_upsampler(0))):
            prior = self.load_level(level, hp)
            bits = heldout_bits(prior, tiled_windows(hp, [piece], limit=2))
            unigram = unigram_bits([piece], level, hp.l_bins)
            print(f"\nlevel {level}: held-out {bits:.2f} bits/token, unigram {unigram:.2f}")
            self.assertLess(bits, unigram - 1.5)


def _random_piece(levels_len, l_bins, rng, artist=2, genres=(1,)):
    """A piece of patterned random codes: a short random motif repeated, so that it is learnable."""
    codes = []
    for length in levels_len:
        motif = rng.integers(0, l_bins, size=8)
        codes.append(np.tile(motif, length // 8 + 1)[:length])
    return CodedPiece(codes=codes, artist_id=artist, genre_ids=list(genres), total_length=levels_len[0] * 8)


class TinyTrainingTests(unittest.TestCase):
    """Tiny priors: windows align, training lowers the loss, checkpoints round-trip."""

    def setUp(self):
        torch.manual_seed(0)
        self.rng = np.random.default_rng(0)
        n0 = 4096
        self.pieces = [_random_piece([n0, n0 // 4, n0 // 16], 512, self.rng, artist=a) for a in (1, 2, 3)]

    def test_window_alignment(self):
        """An upsampler window's conditioning covers the same audio span; offsets are in samples."""
        hp = tiny_upsampler(0)
        piece = self.pieces[0]
        start = 4 * 37
        w = make_window(hp, piece, start)
        self.assertTrue(np.array_equal(w.z, piece.codes[0][start:start + hp.n_ctx]))
        self.assertTrue(np.array_equal(w.z_cond, piece.codes[1][37:37 + hp.n_ctx // 4]))
        self.assertEqual(list(w.y), [piece.total_length, start * 8, hp.n_ctx * 8, piece.artist_id, 1])
        with self.assertRaises(ValueError):
            make_window(hp, piece, start + 1)
        top = tiny_top()
        self.assertEqual(max_start(top, piece), len(piece.codes[2]) - top.n_ctx)
        self.assertEqual(make_window(top, piece, 3).y[1], 3 * 128)

    def test_training_lowers_loss_and_resumes(self):
        """A few Adam steps lower the held-out loss of every tiny level; save/resume keeps step and optimizer."""
        for hp in (tiny_top(), tiny_upsampler(1), tiny_upsampler(0)):
            prior = build_prior(hp)
            opt = torch.optim.Adam(prior.parameters(), lr=3e-3)
            held = tiled_windows(hp, self.pieces, limit=8)
            before = heldout_bits(prior, held)
            for _ in range(30):
                train_step(prior, opt, draw_batch(hp, self.pieces, 4, self.rng), grad_clip=1.0)
            after = heldout_bits(prior, held)
            self.assertLess(after, before - 1.0, f"level {hp.level}: {before:.2f} -> {after:.2f} bits")
            self.assertLess(after, unigram_bits(self.pieces, hp.level, hp.l_bins))
            with tempfile.TemporaryDirectory() as tmp:
                path = os.path.join(tmp, f"prior_level_{hp.level}.pth.tar")
                save_checkpoint(path, prior, opt, step=30)
                stored = torch.load(path, map_location="cpu")
                self.assertEqual(set(stored), {"hps", "model", "opt", "step"})
                self.assertEqual(PriorHparams.from_dict(stored["hps"]), hp)
                again = build_prior(hp)
                opt2 = torch.optim.Adam(again.parameters(), lr=3e-3)
                self.assertEqual(load_checkpoint(path, again, opt2), 30)
                self.assertEqual(opt2.state_dict()["state"][0]["step"], opt.state_dict()["state"][0]["step"])
                self.assertAlmostEqual(heldout_bits(again, held), after, places=5)
                self.assertAlmostEqual(heldout_bits(load_prior(path), held), after, places=5)


if __name__ == "__main__":
    unittest.main()
