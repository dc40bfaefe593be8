"""The reproducible training set: music21 corpus scores rendered with FluidSynth and FluidR3_GM.

`build.build(build.Options(out=DIR))` writes DIR/audio/NNNN.wav, DIR/manifest.json and DIR/labels/;
`heldout.build_eval_set` writes evaluation primers with their real continuations; `heldout.write_demo_primer`
a short folk primer. The licence table is `collections.COLLECTIONS`. Training/build_dataset.py is the CLI.
"""
