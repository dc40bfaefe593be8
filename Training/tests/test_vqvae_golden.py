"""VQ-VAE parity with the reference (golden vectors), the default model's keys, and a tiny training run.

Run: cd Training && python -m unittest tests.test_vqvae_golden -v
"""
import json
import os
import sys
import tempfile
import unittest
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from jukebox_train import safetensors_io  # noqa: E402
from jukebox_train.vqvae import build_vqvae, load_state_dict_strict  # noqa: E402
from jukebox_train.vqvae_eval import encode_clip, evaluate_vqvae  # noqa: E402
from jukebox_train.vqvae_hparams import VQVAEHparams, classical, tiny  # noqa: E402
from jukebox_train.vqvae_loss import multires_spectral_convergence, snr_db  # noqa: E402
from jukebox_train.vqvae_train import draw_batch, export_inference_checkpoint, load_vqvae_checkpoint  # noqa: E402
from jukebox_train.vqvae_train import train_vqvae  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("JUKEBOX_SHARED", REPO.parent / "shared"))
GOLDEN = SHARED / "golden"
DEFAULT_BUNDLE = REPO / "Training" / "models" / "classical"
RELATIVE_TOL = 1e-4  # of the largest |value|; the reference's own f32-vs-f64 spread is ~5e-7


def max_error(test, name, got, want):
    """Assert max|got - want| <= RELATIVE_TOL * max(1, max|want|) and return the error."""
    err = float((got - want).abs().max())
    limit = RELATIVE_TOL * max(1.0, float(want.abs().max()))
    test.assertLessEqual(err, limit, f"{name}: max abs error {err:.3g} > {limit:.3g}")
    return err


@unittest.skipUnless((GOLDEN / "vqvae.json").exists(), f"golden vectors not found under {GOLDEN}")
class GoldenParity(unittest.TestCase):
    """The reference's outputs on the golden model, block by block."""

    @classmethod
    def setUpClass(cls):
        torch.set_grad_enabled(False)
        info = json.loads((GOLDEN / "vqvae.json").read_text())
        cls.model = build_vqvae(info["hps"]).eval()
        load_state_dict_strict(cls.model, safetensors_io.load(GOLDEN / "vqvae.weights.safetensors"))
        cls.golden = safetensors_io.load(GOLDEN / "vqvae.safetensors")
        cls.errors = {}

    @classmethod
    def tearDownClass(cls):
        torch.set_grad_enabled(True)
        print("\nmax abs errors vs golden: " + ", ".join(f"{k} {v:.2e}" for k, v in cls.errors.items()),
              file=sys.stderr)

    def test_weight_keys_match_golden_list(self):
        info = json.loads((GOLDEN / "vqvae.json").read_text())
        shapes = {k: list(v.shape) for k, v in self.model.state_dict().items()}
        self.assertEqual(shapes, {k: v["shape"] for k, v in info["weights_tensors"].items()})

    def test_encoder_blocks(self):
        x = self.golden["input.audio"].permute(0, 2, 1)
        for level, encoder in enumerate(self.model.encoders):
            for block, out in enumerate(encoder(x)):
                name = f"encoder{level}.level_block{block}.out"
                self.errors[name] = max_error(self, name, out, self.golden[name])

    def test_codes_exact(self):
        codes = self.model.encode(self.golden["input.audio"])
        for level, z in enumerate(codes):
            self.assertEqual(z.dtype, torch.int64)
            self.assertTrue(torch.equal(z, self.golden[f"codes.level{level}"]), f"codes.level{level} differ")

    def test_dequantised(self):
        for level, block in enumerate(self.model.bottleneck.level_blocks):
            name = f"dequantised.level{level}"
            self.errors[name] = max_error(self, name, block.decode(self.golden[f"codes.level{level}"]),
                                          self.golden[name])

    def test_decoder_blocks(self):
        for level, decoder in enumerate(self.model.decoders):
            x = self.golden[f"dequantised.level{level}"]
            for block in reversed(range(level + 1)):
                x = decoder.level_blocks[block](x)
                name = f"decoder{level}.level_block{block}.out"
                name = name if name in self.golden else name + ".first2048"
                want = self.golden[name]
                self.errors[name] = max_error(self, name, x[..., :want.shape[-1]], want)

    def test_decoded_from_codes(self):
        for level in range(3):
            name = f"decoded.level{level}"
            self.errors[name] = max_error(self, name, self.model.decode(self.golden[f"codes.level{level}"], level),
                                          self.golden[name])


@unittest.skipUnless((DEFAULT_BUNDLE / "vqvae.safetensors").exists(), f"no default model under {DEFAULT_BUNDLE}")
class DefaultModel(unittest.TestCase):
    """The candidate default model loads into classical() with strict keys and shapes."""

    def test_classical_loads_default_bundle(self):
        config = json.loads((DEFAULT_BUNDLE / "config.json").read_text())["vqvae"]
        hps = classical()
        for key, value in config.items():
            self.assertEqual(hps.to_dict()[key], value, key)
        model = build_vqvae(hps)
        load_state_dict_strict(model, safetensors_io.load(DEFAULT_BUNDLE / "vqvae.safetensors"))
        self.assertEqual(model.bottleneck.level_blocks[0].k.shape, (512, 64))


def sines(sr, seconds=2.0):
    """Four amplitude-modulated sine clips."""
    t = np.arange(int(sr * seconds)) / sr
    return [0.5 * np.sin(2 * np.pi * f * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 2 * t)) for f in (220, 330, 440, 587)]


class TinyTraining(unittest.TestCase):
    """A few steps of tiny() learn, and checkpoints save, reload and resume exactly."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)
        self.clips = sines(tiny().sr)
        self.args = dict(batch=2, segment_samples=4096, lr=2e-3, device="cpu", log=lambda line: None,
                         warmup_steps=3, save_every=4)

    def tearDown(self):
        self.tmp.cleanup()

    def test_loss_decreases(self):
        result = train_vqvae(tiny(), self.clips, steps=20, checkpoint_path=self.dir / "a.pth", log_every=1,
                             **self.args)
        losses = [entry["loss"] for entry in result["history"]]
        self.assertEqual(len(losses), 20)
        first, last = np.mean(losses[:3]), np.mean(losses[-5:])
        self.assertLess(last, 0.75 * first, f"training loss {first:.3f} (steps 1-3) -> {last:.3f} (steps 16-20)")
        x = draw_batch([c.astype(np.float32) for c in self.clips], 2, 4096, np.random.default_rng([1, 0]))
        with torch.no_grad():
            x_outs, _, _ = result["model"].eval()(x)
        self.assertGreater(snr_db(x, x_outs[0]), snr_db(x, torch.zeros_like(x)))
        self.assertLess(multires_spectral_convergence(x, x_outs[0], result["hps"]), 1.5)

    def test_checkpoint_format_and_exact_resume(self):
        straight = train_vqvae(tiny(), self.clips, steps=6, checkpoint_path=self.dir / "a.pth", **self.args)
        train_vqvae(tiny(), self.clips, steps=6, stop_at_step=4, checkpoint_path=self.dir / "b.pth", **self.args)
        saved = torch.load(self.dir / "b.pth", map_location="cpu")
        self.assertTrue({"hps", "model", "opt", "step"} <= set(saved))
        self.assertEqual(saved["step"], 4)
        self.assertTrue(saved["opt"]["state"], "optimizer state is empty")
        self.assertTrue(all(v.dtype == torch.float32 for v in saved["model"].values()))
        self.assertEqual(VQVAEHparams.from_dict(saved["hps"]).l_bins, tiny().l_bins)
        resumed = train_vqvae(tiny(), self.clips, steps=6, checkpoint_path=self.dir / "b.pth", **self.args)
        self.assertEqual(resumed["history"][0]["step"], 5)
        self.assertEqual(resumed["step"], 6)
        for key, value in straight["model"].state_dict().items():
            self.assertTrue(torch.allclose(value, resumed["model"].state_dict()[key], atol=1e-6), key)

    def test_inference_export_reloads(self):
        result = train_vqvae(tiny(), self.clips, steps=2, checkpoint_path=self.dir / "a.pth", **self.args)
        export_inference_checkpoint(result["model"], result["hps"], self.dir / "vqvae.pth.tar", step=2)
        saved = torch.load(self.dir / "vqvae.pth.tar", map_location="cpu")
        self.assertEqual(set(saved), {"hps", "model", "opt", "step"})
        self.assertEqual(sorted(saved["model"]), sorted(build_vqvae(tiny()).state_dict()))
        model = load_vqvae_checkpoint(self.dir / "vqvae.pth.tar")
        x = torch.from_numpy(self.clips[0][:4096].astype(np.float32))[None, :, None]
        with torch.no_grad():
            self.assertTrue(torch.equal(model.encode(x)[2], result["model"].eval().encode(x)[2]))
        codes = encode_clip(model, self.clips[0][:5000], chunk_samples=2048)
        self.assertEqual([len(c) for c in codes], [5120 // 8, 5120 // 32, 5120 // 128])
        figures = evaluate_vqvae(model, self.clips[:1], 4096)
        self.assertEqual(sorted(figures), ["level_0", "level_1", "level_2"])
        self.assertLessEqual(figures["level_0"]["codes_used"], tiny().l_bins)


if __name__ == "__main__":
    unittest.main()
