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
"""

import base64
import json
import os
import socket

__all__ = ["Jukebox", "JukeboxError", "default_socket_path"]

SYSTEM_SOCKET = "/run/jukeboxd/jukeboxd.sock"
PROTOCOL = 1
_ENDS_A_JOB = ("done", "failed", "cancelled")


def default_socket_path():
    """$JUKEBOX_SOCKET, else the system daemon's socket (as the jukebox CLI resolves it)."""
    return os.environ.get("JUKEBOX_SOCKET") or SYSTEM_SOCKET


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
        """The daemon's state: uptime, queue, resident models, memory."""
        return self.request("status")

    def models(self):
        """The models: name, sample rate, levels, lyrics, loaded, size, trained."""
        return self.request("models")["models"]

    def labels(self, model, artist=None, genre=None, limit=None):
        """Artists and genres of `model` matching the queries (case-insensitive, fuzzy)."""
        return self.request("labels", model=model, artist=artist, genre=genre, limit=limit)

    def jobs(self):
        """Your jobs (every job, for root)."""
        return self.request("jobs")["jobs"]

    def cancel(self, job):
        """Cancels a queued or running job."""
        return self.request("cancel", job=job)

    def submit(self, model, mode="primed", primer_path=None, primer_bytes=None, watch=True, **settings):
        """Queues a job. With `watch` (the default) yields its events, `accepted` first and
        `done` last (`failed` raises JukeboxError, `cancelled` ends the stream); without it,
        returns the `accepted` reply. `settings` are the submit members of
        jukebox-protocol(7): artist, genres, lyrics, seconds, takes, seed, temperatures, ...
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
