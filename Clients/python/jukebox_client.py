"""A client for the jukeboxd socket protocol, on Python's standard library alone.

jukebox-protocol(7) is the reference; this module is a thin convenience over it for
scripts (a DAW hook, a batch job). Copy it next to your script or put this folder on
PYTHONPATH.

    from jukebox_client import Jukebox

    with Jukebox() as jukebox:                      # $JUKEBOX_SOCKET or the system socket
        job = None
        for event in jukebox.submit("5b_lyrics", mode="primed", primer_path="/home/me/verse.wav",
                                    artist="unknown", genres=["pop"], seconds=30, takes=2):
            if event["type"] == "progress":
                print(event["stage"], event["completed"], "/", event["total"])
            job = event["job"]
        for take in range(2):
            with open("take-%d.wav" % take, "wb") as out:
                out.write(jukebox.fetch(job, take=take))

Every daemon error raises JukeboxError with its stable code (e.g. "unknown_artist").

Every take the daemon writes says how it was made (jukebox-protocol(7), PROVENANCE):
read_provenance("take-1.wav") returns that record, like_settings(...) the submit settings
that make the same take again, and song_tree(jukebox.jobs()) lays a song's jobs out as a tree.
"""

import base64
import json
import os
import socket
import struct

__all__ = ["Jukebox", "JukeboxError", "default_socket_path", "read_provenance", "like_settings", "song_tree"]

SYSTEM_SOCKET = "/run/jukeboxd/jukeboxd.sock"
PROTOCOL = 1
_ENDS_A_JOB = ("done", "failed", "cancelled")


def default_socket_path():
    """$JUKEBOX_SOCKET, else the system daemon's socket (as the jukebox CLI resolves it)."""
    return os.environ.get("JUKEBOX_SOCKET") or SYSTEM_SOCKET


def _wav_comment(data):
    """ICMT of the LIST/INFO chunk of a RIFF/WAVE file, or None."""
    offset = 12
    while offset + 8 <= len(data):
        chunk, size = data[offset:offset + 4], struct.unpack_from("<I", data, offset + 4)[0]
        body = offset + 8
        if chunk == b"LIST" and data[body:body + 4] == b"INFO":
            item = body + 4
            while item + 8 <= body + size:
                name, length = data[item:item + 4], struct.unpack_from("<I", data, item + 4)[0]
                if name == b"ICMT":
                    return data[item + 8:item + 8 + length].split(b"\0")[0].decode("utf-8")
                item += 8 + length + (length & 1)
        offset = body + size + (size & 1)
    return None


def _flac_comment(data):
    """comment= of a FLAC file's Vorbis comment block, or None."""
    offset = 4
    while offset + 4 <= len(data):
        header, length = data[offset], int.from_bytes(data[offset + 1:offset + 4], "big")
        body = offset + 4
        if header & 0x7F == 4:
            item = body + 4 + struct.unpack_from("<I", data, body)[0]
            count = struct.unpack_from("<I", data, item)[0]
            item += 4
            for _ in range(count):
                size = struct.unpack_from("<I", data, item)[0]
                key, _, value = data[item + 4:item + 4 + size].partition(b"=")
                if key.lower() == b"comment":
                    return value.decode("utf-8")
                item += 4 + size
            return None
        if header & 0x80:
            return None
        offset = body + length
    return None


def read_provenance(path):
    """How the take at `path` (a WAV or FLAC file jukeboxd wrote) was made: the provenance
    record of jukebox-protocol(7) as a dict. Raises ValueError for a file without one."""
    with open(path, "rb") as f:
        data = f.read()
    comment = None
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        comment = _wav_comment(data)
    elif data[:4] == b"fLaC":
        comment = _flac_comment(data)
    try:
        record = json.loads(comment) if comment else None
    except ValueError:
        record = None
    if not isinstance(record, dict) or "provenance_format" not in record:
        raise ValueError("%s says nothing of how it was made: only takes written by jukeboxd do" % path)
    return record


_LIKE_MEMBERS = ("artist", "genres", "prompt_seconds", "seconds", "song_seconds", "offset_seconds", "takes", "seed",
                 "temperatures", "top_k", "top_p", "levels", "hop_fractions", "format")


def like_settings(path):
    """The submit settings (model and mode included) that make the take at `path` again: with
    the same primer or source take, the same seed and number of takes give the same tokens. A
    take made with lyrics needs `lyrics=` again (the file keeps only their hash)."""
    record = read_provenance(path)
    settings = {name: record[name] for name in _LIKE_MEMBERS if name in record}
    settings["model"], settings["mode"] = record["model"], record["mode"]
    return settings


def song_tree(jobs):
    """`jobs` (as Jukebox.jobs() returns them) as (depth, job) pairs, each job after the job
    and take it builds on (`parent_job`); a job whose parent is not listed is a root."""
    listed = {job["job"] for job in jobs}
    children = {}
    roots = []
    for job in jobs:
        parent = job.get("parent_job")
        if parent in listed and parent != job["job"]:
            children.setdefault(parent, []).append(job)
        else:
            roots.append(job)
    order = []

    def visit(job, depth):
        order.append((depth, job))
        for child in children.get(job["job"], []):
            visit(child, depth + 1)

    for root in roots:
        visit(root, 0)
    return order


class JukeboxError(Exception):
    """An error reply: `code` is the stable code, `field` the request member at fault, if any."""

    def __init__(self, code, message, field=None):
        super().__init__("%s (%s)" % (message, code))
        self.code = code
        self.message = message
        self.field = field


class Jukebox:
    """One connection to the daemon. Requests run one at a time, in order."""

    def __init__(self, socket_path=None, timeout=None):
        self.socket_path = socket_path or default_socket_path()
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._socket.settimeout(timeout)
        try:
            self._socket.connect(self.socket_path)
        except OSError as error:
            self._socket.close()
            raise JukeboxError("unavailable", "cannot connect to %s: %s" % (self.socket_path, error)) from None
        self._reader = self._socket.makefile("rb")
        self._next_id = 1
        self.hello = self._read()
        if self.hello.get("type") != "hello" or self.hello.get("protocol") != PROTOCOL:
            self.close()
            raise JukeboxError("bad_request", "the daemon speaks %r, not protocol %d" % (self.hello, PROTOCOL))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        """Closes the connection; jobs keep running in the daemon."""
        self._reader.close()
        self._socket.close()

    # Plumbing.

    def _read(self):
        line = self._reader.readline()
        if not line:
            raise JukeboxError("unavailable", "the daemon closed the connection")
        return json.loads(line.decode("utf-8"))

    def _send(self, op, fields):
        request_id = self._next_id
        self._next_id += 1
        request = {"op": op, "id": request_id}
        request.update({key: value for key, value in fields.items() if value is not None})
        self._socket.sendall(json.dumps(request, separators=(",", ":")).encode("utf-8") + b"\n")
        return request_id

    def _replies(self, request_id):
        """The replies to one request, raising on an error reply."""
        while True:
            reply = self._read()
            if reply.get("id") not in (request_id, None):
                continue
            if reply.get("type") == "error":
                error = reply.get("error", {})
                raise JukeboxError(error.get("code", "internal"), error.get("message", ""), error.get("field"))
            yield reply

    def request(self, op, **fields):
        """Sends one request and returns its single reply (an object with "type")."""
        return next(self._replies(self._send(op, fields)))

    def _events(self, request_id):
        for event in self._replies(request_id):
            yield event
            if event.get("type") in _ENDS_A_JOB:
                return

    # Operations.

    def status(self):
        """The daemon's state: uptime, queue, resident models (models_loaded, the bytes of their
        weight files models_loaded_bytes, and models_unloaded: how many were unloaded to make
        room), memory, the state folder's size (state_bytes) and free space (state_free_bytes)."""
        return self.request("status")

    def models(self):
        """The models: name, sample rate, levels, lyrics, loaded, size, trained, and each
        level's hop and tokens per second (level_hops)."""
        return self.request("models")["models"]

    def labels(self, model, artist=None, genre=None, limit=None, exact=False):
        """Artists and genres of `model` matching the queries, case-insensitive: by similarity
        (names containing the query or spelt close to it: "bach" also finds "beach"), or with
        `exact` only the name a submit of the query would use."""
        return self.request("labels", model=model, artist=artist, genre=genre, limit=limit,
                            exact=True if exact else None)

    def jobs(self):
        """Your jobs (every job, for root): state, mode, seed, duration_s, parent_job and
        parent_take for jobs that build on an earlier take (see song_tree), and compute times
        (started_unix_s, finished_unix_s, compute_s, level_compute)."""
        return self.request("jobs")["jobs"]

    def cancel(self, job):
        """Cancels a queued or running job."""
        return self.request("cancel", job=job)

    def remove(self, job):
        """Removes an ended job (done, failed or cancelled): its folder and record. Returns the
        `removed` reply (jobs, freed_bytes); a queued or running job raises "job_active"."""
        return self.request("remove", job=job)

    def prune(self, older_than_days):
        """Removes your jobs (root: everyone's) that ended at least `older_than_days` days ago;
        returns the `removed` reply (jobs, freed_bytes)."""
        return self.request("prune", older_than_days=older_than_days)

    def submit(self, model, mode="primed", primer_path=None, primer_bytes=None, watch=True, **settings):
        """Queues a job. With `watch` (the default) yields its events, `accepted` first and
        `done` last (`failed` raises JukeboxError, `cancelled` ends the stream); without it,
        returns the `accepted` reply. `settings` are the submit members of
        jukebox-protocol(7): artist, genres, lyrics, seconds, takes, seed, temperatures, ...;
        to extend a take, mode="continue", job=JOB, take=K (from 0).
        """
        fields = dict(settings, model=model, mode=mode, watch=watch)
        if primer_bytes is not None:
            fields["primer_base64"] = base64.b64encode(primer_bytes).decode("ascii")
        if primer_path is not None:
            fields["primer_path"] = os.path.abspath(primer_path)
        request_id = self._send("submit", fields)
        if not watch:
            return next(self._replies(request_id))
        return self._failing(self._events(request_id))

    def estimate(self, model, mode="primed", primer_path=None, primer_bytes=None, **settings):
        """What a submit of the same fields would take on the daemon's machine, without
        queueing anything: the `estimate` object of jukebox-protocol(7) (levels with time_s,
        new_tokens and refed_tokens; time_s; peak_memory_bytes; basis). Errors as submit's.
        """
        fields = dict(settings, model=model, mode=mode)
        if primer_bytes is not None:
            fields["primer_base64"] = base64.b64encode(primer_bytes).decode("ascii")
        if primer_path is not None:
            fields["primer_path"] = os.path.abspath(primer_path)
        return next(self._replies(self._send("estimate", fields)))["estimate"]

    def watch(self, job):
        """Yields a job's events from now until it ends (see submit)."""
        return self._failing(self._events(self._send("watch", {"job": job})))

    def _failing(self, events):
        for event in events:
            if event.get("type") == "failed":
                error = event.get("error", {})
                raise JukeboxError(error.get("code", "internal"), error.get("message", "the job failed"))
            yield event

    def fetch(self, job, take=0, level=None, audio_format="wav"):
        """A take's audio file as bytes (level 0 unless `level` names a preview level)."""
        reply = self.request("fetch", job=job, take=take, level=level, format=audio_format)
        return base64.b64decode(reply["audio_base64"])

    def fetch_tokens(self, job, take=0, level=0):
        """A take's tokens at `level`, as a list of integers (a dropped take's: those it had)."""
        return self.request("fetch", job=job, take=take, level=level, tokens=True)["tokens"]

    def fetch_preview(self, job, take=0, audio_format="wav"):
        """A take's latest preview as bytes: its top-level music so far, written after every
        top-level window (a `preview` event says when). `not_ready` before the first."""
        reply = self.request("fetch", job=job, take=take, format=audio_format, preview=True)
        return base64.b64decode(reply["audio_base64"])

    def drop_take(self, job, take):
        """Drops take `take` (from 0) of a queued or running job; the others go on at a
        smaller batch. Returns the `take-dropped` reply (job, take, takes_left). Errors:
        not_found, out_of_range, last_take, job_ended."""
        return self.request("drop_take", job=job, take=take)


if __name__ == "__main__":
    with Jukebox() as daemon:
        print(json.dumps(daemon.status()))
