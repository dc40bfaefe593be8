"""Score to audio: music21 → MIDI with one General MIDI program per part → FluidSynth → tidy mono WAV.

Each genre has a rotation of ensembles (GM programs, 0-based, one per part, the last repeated for further
parts); a piece takes ensemble `index % len` by its place in its collection's order. Chord symbols and grace
notes are dropped (music21 writes zero-length notes with their note-off before their note-on, so they never
end and FluidSynth renders forever), each track ends with sustain off and all notes off, and repeats are written
out where music21 can expand them. FluidSynth renders float32 stereo at 22,050 Hz (raw file, no dither, so the
result is the same on every run); the mean of the channels is then tidied by `audio.tidy`.
"""
import os
import resource
import subprocess
import tempfile
import warnings

import music21
import numpy as np

from . import audio

SAMPLE_RATE = 22050
GAIN = 0.5
SOUNDFONT = "/usr/share/sounds/sf2/FluidR3_GM.sf2"
FLUIDSYNTH = "fluidsynth"
MAX_PIECE_SECONDS = 90.0
FLUIDSYNTH_TIMEOUT = 300
MAX_RAW_BYTES = 1 << 30  # 100 minutes of float stereo at 22,050 Hz
ENSEMBLES = {
    # violin, flute, accordion, fiddle, recorder, harmonica
    "folk": ((40,), (73,), (21,), (110,), (74,), (22,)),
    # choir aahs, church organ, string ensemble, brass (trumpet, trombone, tuba), winds (flute, oboe, clarinet, bassoon)
    "chorale": ((52,), (19,), (48,), (56, 56, 57, 58), (73, 68, 71, 70)),
    # harpsichord, violins with cello, church organ, string ensemble
    "baroque": ((6,), (40, 40, 42), (19,), (48,)),
    # choir aahs, voice oohs, recorders, string ensemble, nylon guitar (lute)
    "madrigal": ((52,), (53,), (74,), (48,), (24,)),
    # acoustic grand, bright acoustic
    "piano": ((0,), (1,)),
    # violins, viola, cello; string ensemble; violins, viola, contrabass
    "quartet": ((40, 40, 41, 42), (48,), (40, 40, 41, 43)),
}


class RenderError(RuntimeError):
    """A score that could not be parsed or rendered; the message says why."""


def programs_for(genre, index):
    """The GM programs (one per part, the last repeated) of the `index`-th piece of `genre`."""
    rotation = ENSEMBLES[genre]
    return rotation[index % len(rotation)]


def load_score(path, number=None, max_seconds=MAX_PIECE_SECONDS):
    """The music21 score at `path` (tune `number` of an ABC file), cut to about twice `max_seconds` at its opening
    tempo (the audio is cut to `max_seconds` later; this spares music21 and FluidSynth the rest of a long
    movement), repeats written out where possible."""
    try:
        with warnings.catch_warnings():  # music21 warns about many small encoding oddities
            warnings.simplefilter("ignore")
            score = music21.converter.parseFile(path, number=number, forceSource=True, storePickle=False)
    except Exception as error:  # music21 raises many kinds; the reason is recorded, the piece skipped
        raise RenderError(f"music21 could not parse it: {type(error).__name__}: {error}"[:300]) from error
    if isinstance(score, music21.stream.Opus):
        score = score.scores[0] if number is None else score.getScoreByNumber(number)
    if score is None or not score.recurse().notes:
        raise RenderError("music21 found no notes")
    for symbol in list(score.recurse().getElementsByClass(music21.harmony.Harmony)):
        symbol.activeSite.remove(symbol)
    for grace in [n for n in score.recurse().notes if n.duration.quarterLength == 0]:
        grace.activeSite.remove(grace)
    _cut(score, 2 * max_seconds)
    try:
        return score.expandRepeats()
    except (music21.repeat.ExpanderException, music21.exceptions21.StreamException):
        # badly formed repeats, or a part without measures: play the score once as written
        _strip_repeats(score)
        return score


def _cut(score, seconds):
    """Removes the measures that start after `seconds` at the score's first tempo (120 crotchets a minute if none)."""
    marks = score.recurse().getElementsByClass(music21.tempo.MetronomeMark)
    bpm = (marks[0].getQuarterBPM() if marks else None) or 120
    for part in score.parts:
        for measure in list(part.getElementsByClass(music21.stream.Measure)):
            if measure.offset >= seconds * bpm / 60:
                part.remove(measure)


def _strip_repeats(score):
    """Removes repeat barlines, first/second-ending brackets and repeat expressions from `score`."""
    for measure in score.recurse().getElementsByClass(music21.stream.Measure):
        if isinstance(measure.leftBarline, music21.bar.Repeat):
            measure.leftBarline = None
        if isinstance(measure.rightBarline, music21.bar.Repeat):
            measure.rightBarline = None
    marks = (music21.spanner.RepeatBracket, music21.repeat.RepeatExpression)
    for mark in list(score.recurse().getElementsByClass(marks)):
        mark.activeSite.remove(mark)


def set_programs(score, programs):
    """Gives every part of `score` a plain instrument with the GM program `programs[i]` (the last repeated)."""
    parts = list(score.parts) or [score]
    for i, part in enumerate(parts):
        for old in list(part.recurse().getElementsByClass(music21.instrument.Instrument)):
            old.activeSite.remove(old)
        new = music21.instrument.Instrument()
        new.midiProgram = programs[min(i, len(programs) - 1)]
        part.insert(0, new)


def release_all(midi_path):
    """Ends every track of the MIDI file with sustain off and all notes off on each of its channels."""
    midi = music21.midi
    midi_file = midi.MidiFile()
    midi_file.open(midi_path)
    midi_file.read()
    midi_file.close()
    for track in midi_file.tracks:
        channels = sorted({e.channel for e in track.events if isinstance(e.type, midi.ChannelVoiceMessages)})
        tail = []
        for channel in channels:
            for controller in (64, 123):
                event = midi.MidiEvent(track, type=midi.ChannelVoiceMessages.CONTROLLER_CHANGE, channel=channel)
                event.parameter1, event.parameter2 = controller, 0
                tail += [event, midi.DeltaTime(track, channel=channel)]
        track.events[-1:-1] = tail  # after the last delta time, before END_OF_TRACK
    midi_file.open(midi_path, "wb")
    midi_file.write()
    midi_file.close()


def _limit_output():
    """In FluidSynth's process: no file larger than MAX_RAW_BYTES (a runaway rendering gets SIGXFSZ)."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_RAW_BYTES, MAX_RAW_BYTES))


def fluidsynth(midi_path, raw_path, sample_rate=SAMPLE_RATE, gain=GAIN, soundfont=SOUNDFONT):
    """Renders `midi_path` with FluidSynth into float32 stereo; returns it as an (n, 2) array."""
    command = [FLUIDSYNTH, "-ni", "-q", "-g", str(gain), "-r", str(sample_rate), "-T", "raw", "-O", "float",
               "-E", "little", "-F", raw_path, soundfont, midi_path]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=FLUIDSYNTH_TIMEOUT,
                              preexec_fn=_limit_output)
    except subprocess.TimeoutExpired as error:
        raise RenderError(f"fluidsynth did not finish in {FLUIDSYNTH_TIMEOUT} s (a note that never ends?)") from error
    if done.returncode != 0 or not os.path.exists(raw_path):
        raise RenderError(f"fluidsynth failed ({done.returncode}): {done.stderr.strip()[:300]}")
    return np.fromfile(raw_path, dtype="<f4").reshape(-1, 2)


def render_score(path, number, programs, out_wav, max_seconds=MAX_PIECE_SECONDS):
    """Renders the score at `path` to `out_wav` (16-bit mono, tidied); returns (seconds, title, score's composer)."""
    score = load_score(path, number, max_seconds)
    metadata = score.metadata
    title = (metadata.title or metadata.movementName or "") if metadata else ""
    composer = (metadata.composer or "") if metadata else ""
    set_programs(score, programs)
    with tempfile.TemporaryDirectory(prefix="jbx-render-") as scratch:
        midi_path = os.path.join(scratch, "piece.mid")
        try:
            score.write("midi", fp=midi_path)
            release_all(midi_path)
        except Exception as error:  # music21's MIDI writer rejects some scores
            raise RenderError(f"music21 could not write MIDI: {type(error).__name__}: {error}"[:300]) from error
        stereo = fluidsynth(midi_path, os.path.join(scratch, "piece.raw"))
    try:
        mono = audio.tidy(stereo.mean(axis=1), SAMPLE_RATE, max_seconds)
    except audio.SilentAudio as error:
        raise RenderError(str(error)) from error
    audio.write_wav(out_wav, mono, SAMPLE_RATE)
    return len(mono) / SAMPLE_RATE, str(title), str(composer)


def fluidsynth_version():
    """FluidSynth's version line, e.g. `FluidSynth runtime version 2.3.1`."""
    done = subprocess.run([FLUIDSYNTH, "--version"], capture_output=True, text=True)
    return done.stdout.splitlines()[0].strip() if done.stdout else "unknown"
