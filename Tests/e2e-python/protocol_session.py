#!/usr/bin/python3
"""A client of jukebox-protocol(7) that the project did not write: the standard library only.

Usage: protocol_session.py SOCKET PRIMER OUTDIR

Drives a running `jukeboxd serve` (with the tiny bundle as model "tiny") through one session:
the greeting, models, a watched primed submit, fetching every take into OUTDIR/take-N.wav,
jobs, a cancelled job, and a list of bad inputs that must each get their documented error
code while the connection (and a second one) keeps being served. Prints one line per step;
exits 1 with a message naming the step, the request and what came back on the first mismatch.
It also writes OUTDIR/session.json (the submitted job's id, frames asked for, etc.) for the
Swift test to check.
"""

import base64
import json
import socket
import sys

TIMEOUT_S = 300  # a single read; the tiny model finishes a 0.2 s job in seconds
OPS = ["models", "labels", "submit", "estimate", "watch", "jobs", "cancel", "fetch", "status",
       "remove", "prune", "drop_take"]

step_name = "start"


def fail(message):
    print("FAIL [%s]: %s" % (step_name, message), flush=True)
    sys.exit(1)


def ok(message):
    print("ok   [%s] %s" % (step_name, message), flush=True)


def note(message):
    print("NOTE [%s] %s" % (step_name, message), flush=True)


def step(name):
    global step_name
    step_name = name


def short(obj, limit=400):
    text = json.dumps(obj) if not isinstance(obj, str) else obj
    return text if len(text) <= limit else text[:limit] + "...(%d chars)" % len(text)


class Connection:
    """One socket to the daemon: raw lines out, JSON objects in."""

    def __init__(self, path, name):
        self.name = name
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(TIMEOUT_S)
        try:
            self.sock.connect(path)
        except OSError as error:
            fail("%s: cannot connect to %s: %s" % (name, path, error))
        self.reader = self.sock.makefile("rb")

    def send_raw(self, data):
        try:
            self.sock.sendall(data)
        except OSError as error:
            fail("%s: sending %s: %s" % (self.name, short(repr(data[:200])), error))

    def send(self, obj):
        self.send_raw(json.dumps(obj, separators=(",", ":")).encode("utf-8") + b"\n")

    def read(self):
        try:
            line = self.reader.readline()
        except socket.timeout:
            fail("%s: no line from the daemon within %d s" % (self.name, TIMEOUT_S))
        except OSError as error:
            fail("%s: reading: %s" % (self.name, error))
        if not line:
            fail("%s: the daemon closed the connection" % self.name)
        if not line.endswith(b"\n"):
            fail("%s: a line without LF: %s" % (self.name, short(repr(line))))
        try:
            obj = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            fail("%s: the daemon sent a line that is not JSON (%s): %s" % (self.name, error, short(repr(line))))
        if not isinstance(obj, dict) or "type" not in obj:
            fail("%s: a line without type: %s" % (self.name, short(obj)))
        return obj

    def request(self, obj):
        """Sends a request and reads its one reply (the request must not produce events)."""
        self.send(obj)
        reply = self.read()
        if reply.get("id") != obj.get("id"):
            fail("%s: request %s answered with id %r: %s" % (self.name, short(obj), reply.get("id"), short(reply)))
        return reply

    def close(self):
        self.reader.close()
        self.sock.close()


def expect(condition, message, got=None):
    if not condition:
        fail(message + ("" if got is None else "; got " + short(got)))


def expect_type(reply, kind, request):
    if reply.get("type") != kind:
        fail("request %s: expected a %r reply, got %s" % (short(request), kind, short(reply)))


def expect_error(reply, code, request, field=None, request_id="same"):
    """An error reply with `code` (and `field`), for `request` (a dict or a description)."""
    if reply.get("type") != "error":
        fail("request %s: expected error %s, got %s" % (short(request), code, short(reply)))
    error = reply.get("error")
    if not isinstance(error, dict) or error.get("code") != code:
        fail("request %s: expected error code %s, got %s" % (short(request), code, short(reply)))
    if not isinstance(error.get("message"), str) or not error["message"]:
        fail("request %s: error without a message: %s" % (short(request), short(reply)))
    if field is not None and error.get("field") != field:
        fail("request %s: expected error field %r, got %s" % (short(request), field, short(reply)))
    if request_id != "any":
        want = request.get("id") if request_id == "same" else request_id
        if reply.get("id") != want:
            fail("request %s: expected id %r on the error, got %s" % (short(request), want, short(reply)))
    return error


def expect_hello(conn):
    hello = conn.read()
    expect(hello.get("type") == "hello", "%s: the first line must be hello" % conn.name, hello)
    expect(hello.get("protocol") == 1, "hello.protocol must be 1", hello)
    expect(hello.get("server") == "jukeboxd", "hello.server must be jukeboxd", hello)
    expect(isinstance(hello.get("version"), str) and hello["version"], "hello.version must be a string", hello)
    ops = hello.get("ops")
    expect(isinstance(ops, list) and sorted(ops) == sorted(OPS), "hello.ops must list every operation %s" % OPS, hello)
    limits = hello.get("limits")
    expect(isinstance(limits, dict), "hello.limits must be an object", hello)
    expect(isinstance(limits.get("max_line_bytes"), int) and limits["max_line_bytes"] > 0, "limits.max_line_bytes", hello)
    expect(isinstance(limits.get("max_primer_seconds"), (int, float)) and limits["max_primer_seconds"] > 0,
           "limits.max_primer_seconds", hello)
    expect(isinstance(limits.get("queue_limit"), int) and limits["queue_limit"] > 0, "limits.queue_limit", hello)
    return hello


def expect_status(conn, request_id, after):
    """`status` is answered: the connection and the daemon still serve after `after`."""
    request = {"op": "status", "id": request_id}
    reply = conn.request(request)
    expect_type(reply, "status", request)
    for member in ["version", "uptime_s", "jobs_queued", "jobs_running", "models_loaded"]:
        expect(member in reply, "status lacks %s (after %s)" % (member, after), reply)
    return reply


def empty_wav():
    """A 44-byte RIFF WAVE file, 44.1 kHz stereo 16-bit, with an empty data chunk."""
    def le(value, size):
        return value.to_bytes(size, "little")
    fmt = le(1, 2) + le(2, 2) + le(44100, 4) + le(44100 * 4, 4) + le(4, 2) + le(16, 2)
    return b"RIFF" + le(36, 4) + b"WAVE" + b"fmt " + le(16, 4) + fmt + b"data" + le(0, 4)


def main():
    global step_name
    if len(sys.argv) != 4:
        print("usage: protocol_session.py SOCKET PRIMER OUTDIR", file=sys.stderr)
        sys.exit(2)
    socket_path, primer_path, outdir = sys.argv[1:]
    with open(primer_path, "rb") as f:
        primer = f.read()
    primer_base64 = base64.b64encode(primer).decode("ascii")
    session = {}

    # 1. The greeting comes first, before we send anything.
    step("hello")
    conn = Connection(socket_path, "conn1")
    hello = expect_hello(conn)
    max_line_bytes = hello["limits"]["max_line_bytes"]
    session["max_line_bytes"] = max_line_bytes
    ok("protocol 1, ops %s, limits %s" % (",".join(hello["ops"]), json.dumps(hello["limits"])))

    # 2. models: the tiny bundle is listed.
    step("models")
    request = {"op": "models", "id": "m1"}
    reply = conn.request(request)
    expect_type(reply, "models", request)
    models = reply.get("models")
    expect(isinstance(models, list), "models.models must be an array", reply)
    tiny = [m for m in models if isinstance(m, dict) and m.get("name") == "tiny"]
    expect(len(tiny) == 1, "model tiny must be listed once", reply)
    tiny = tiny[0]
    expect(tiny.get("sample_rate_hz") == 44100, "tiny.sample_rate_hz must be 44100", tiny)
    expect(tiny.get("levels") == 3, "tiny.levels must be 3", tiny)
    expect(isinstance(tiny.get("lyrics"), bool), "tiny.lyrics must be a boolean", tiny)
    expect(isinstance(tiny.get("loaded"), bool), "tiny.loaded must be a boolean", tiny)
    expect(isinstance(tiny.get("size_bytes"), int) and tiny["size_bytes"] > 0, "tiny.size_bytes must be positive", tiny)
    expect(tiny.get("label_version") in (2, 3), "tiny.label_version must be 2 or 3", tiny)
    expect(tiny.get("trained") is False, "tiny is random weights: it must be reported untrained", tiny)
    expect("noise" in tiny.get("summary", ""), "tiny's summary must say its audio is noise", tiny)
    ok("tiny is untrained")
    ok("tiny listed: %s" % short(tiny))

    # 3a. The same request as an estimate: time per level and the memory plan, no job.
    step("estimate")
    estimate_request = {
        "op": "estimate", "id": "how-long", "model": "tiny", "mode": "primed", "primer_base64": primer_base64,
        "artist": "demo_band", "genres": ["pop"], "seconds": 0.2, "takes": 2, "seed": 1,
    }
    reply = conn.request(estimate_request)
    expect_type(reply, "estimate", estimate_request)
    estimate = reply.get("estimate") or {}
    expect([level.get("level") for level in estimate.get("levels", [])] == [2, 1, 0],
           "the estimate gives levels 2, 1, 0 in the order they run", reply)
    expect(all(level.get("time_s", -1) >= 0 for level in estimate["levels"]), "every level's time_s is >= 0", reply)
    expect(estimate.get("peak_memory_bytes", 0) > 0, "the estimate gives the peak memory", reply)
    ok("estimate: %s" % short(estimate))

    # 3. A watched primed submit: accepted, progress, level-done 2, 1, 0, done; all with our id.
    step("submit")
    submit_id = "take-them-all"
    request = {
        "op": "submit", "id": submit_id, "model": "tiny", "mode": "primed", "primer_base64": primer_base64,
        "artist": "demo_band", "genres": ["pop"], "seconds": 0.2, "takes": 2, "seed": 1, "watch": True,
    }
    conn.send(request)
    events = []
    while True:
        event = conn.read()
        expect(event.get("id") == submit_id, "every event of the watched submit carries its id", event)
        events.append(event)
        if event["type"] in ("done", "failed", "cancelled", "error"):
            break
        expect(event["type"] in ("accepted", "progress", "level-done", "preview"), "unexpected event type", event)
    kinds = [e["type"] for e in events]
    expect(kinds[0] == "accepted", "the first line must be accepted", events[0])
    accepted = events[0]
    job = accepted.get("job")
    expect(isinstance(job, str) and 1 <= len(job) <= 64 and all(c.isalnum() or c in "_-" for c in job),
           "accepted.job must be a job id", accepted)
    expect(accepted.get("seed") == 1, "accepted.seed must echo our seed", accepted)
    expect(isinstance(accepted.get("queue_position"), int) and accepted["queue_position"] >= 0,
           "accepted.queue_position", accepted)
    expect(kinds[-1] == "done", "the job must end with done (kinds: %s)" % kinds, events[-1])
    for event in events:
        expect(event.get("job") == job, "every event names the job", event)
    progress = [e for e in events if e["type"] == "progress"]
    expect(len(progress) >= 1, "at least one progress event", kinds)
    for event in progress:
        expect(event.get("stage") in ("load", "encode", "sample", "decode", "write"), "progress.stage", event)
        expect(isinstance(event.get("completed"), int) and isinstance(event.get("total"), int), "progress units", event)
    previews = [e for e in events if e["type"] == "preview"]
    expect(sorted(set(e.get("take") for e in previews)) == [0, 1], "a preview of each take", previews)
    for take in (0, 1):
        grown = [e.get("duration_s") for e in previews if e.get("take") == take]
        expect(all(isinstance(s, (int, float)) and s > 0 for s in grown) and grown == sorted(grown),
               "preview.duration_s grows window by window", grown)
    levels_done = [e.get("level") for e in events if e["type"] == "level-done"]
    expect(levels_done == [2, 1, 0], "level-done for levels 2, 1, 0 in that order", levels_done)
    for event in events:
        if event["type"] == "level-done":
            expect(isinstance(event.get("duration_s"), (int, float)) and event["duration_s"] > 0,
                   "level-done.duration_s", event)
    done = events[-1]
    expect(done.get("takes") == 2, "done.takes must be 2", done)
    expect(isinstance(done.get("duration_s"), (int, float)) and done["duration_s"] > 0, "done.duration_s", done)
    expect(done.get("level", 0) == 0, "done.level (when present) must be 0: every level was sampled", done)
    session["job"] = job
    session["done_duration_s"] = done["duration_s"]
    ok("job %s: accepted, %d progress, level-done %s, done %.4f s x %d"
       % (job, len(progress), levels_done, done["duration_s"], done["takes"]))

    # 4. fetch every take as WAV and write it out.
    step("fetch")
    for take in range(2):
        request = {"op": "fetch", "id": 100 + take, "job": job, "take": take, "format": "wav"}
        reply = conn.request(request)
        expect_type(reply, "audio", request)
        expect(reply.get("job") == job and reply.get("take") == take and reply.get("level") == 0,
               "audio names the job, take and level 0", {k: v for k, v in reply.items() if k != "audio_base64"})
        expect(reply.get("format") == "wav" and reply.get("sample_rate_hz") == 44100, "audio is 44.1 kHz WAV",
               {k: v for k, v in reply.items() if k != "audio_base64"})
        try:
            data = base64.b64decode(reply.get("audio_base64", ""), validate=True)
        except (ValueError, TypeError) as error:
            fail("take %d: audio_base64 is not base64: %s" % (take, error))
        expect(data[:4] == b"RIFF" and data[8:12] == b"WAVE", "take %d is a RIFF WAVE file" % take, repr(data[:16]))
        path = "%s/take-%d.wav" % (outdir, take)
        with open(path, "wb") as f:
            f.write(data)
        ok("take %d: %d bytes, %.4f s -> %s" % (take, len(data), reply.get("duration_s", -1), path))
    request = {"op": "fetch", "id": 102, "job": job, "take": 2}
    expect_error(conn.request(request), "not_found", request)
    ok("take 2 (not made) is not_found")

    # 5. jobs lists the job as done.
    step("jobs")
    request = {"op": "jobs", "id": "j1"}
    reply = conn.request(request)
    expect_type(reply, "jobs", request)
    mine = [j for j in reply.get("jobs", []) if j.get("job") == job]
    expect(len(mine) == 1, "jobs lists the job once", reply)
    expect(mine[0].get("state") == "done" and mine[0].get("mode") == "primed" and mine[0].get("model") == "tiny"
           and mine[0].get("takes") == 2, "the job is done, primed, tiny, 2 takes", mine[0])
    ok("job %s is done" % job)

    # 6. A longer job, cancelled: the cancel reply, a watch and jobs all say cancelled.
    step("cancel")
    request = {
        "op": "submit", "id": 7, "model": "tiny", "mode": "primed", "primer_base64": primer_base64,
        "seconds": 5, "takes": 1, "seed": 2, "watch": False,
    }
    reply = conn.request(request)
    expect_type(reply, "accepted", request)
    long_job = reply.get("job")
    expect(isinstance(long_job, str) and long_job != job, "a new job id", reply)
    request = {"op": "cancel", "id": 8, "job": long_job}
    reply = conn.request(request)
    expect_type(reply, "cancelled", request)
    expect(reply.get("job") == long_job, "cancelled names the job", reply)
    request = {"op": "watch", "id": 9, "job": long_job}
    conn.send(request)
    last = None
    while True:
        event = conn.read()
        expect(event.get("id") == 9, "the watch's lines carry its id", event)
        if event["type"] in ("done", "failed", "cancelled", "error"):
            last = event
            break
    expect(last["type"] == "cancelled" and last.get("job") == long_job, "the watch ends with cancelled", last)
    request = {"op": "cancel", "id": 10, "job": long_job}
    reply = conn.request(request)
    expect_type(reply, "cancelled", request)
    request = {"op": "cancel", "id": 11, "job": job}
    expect_error(conn.request(request), "invalid_field", request)
    request = {"op": "jobs", "id": "j2"}
    reply = conn.request(request)
    expect_type(reply, "jobs", request)
    states = {j.get("job"): j.get("state") for j in reply.get("jobs", [])}
    expect(states.get(long_job) == "cancelled" and states.get(job) == "done",
           "jobs shows the long job cancelled and the first done", reply)
    session["cancelled_job"] = long_job
    ok("job %s: cancel -> cancelled, watch -> cancelled, cancel again -> cancelled, "
       "cancel of a done job -> invalid_field, jobs -> cancelled" % long_job)

    # 7. Bad input: each gets its documented code, and status is answered afterwards.
    step("bad-input")
    conn2 = Connection(socket_path, "conn2")  # opened now, read later: its greeting waits for us
    checks = 0

    def bad(description, line_or_request, code, field=None, request_id="same", deviation=None):
        """`deviation`: (code, field) the daemon is known to answer instead of the documented
        code; it is printed as a DEVIATION line (for the Swift test to flag), not a failure."""
        nonlocal checks
        if isinstance(line_or_request, dict):
            conn.send(line_or_request)
            request = line_or_request
        else:
            conn.send_raw(line_or_request)
            request = {"id": None, "raw": description}
        reply = conn.read()
        got = reply.get("error", {}).get("code") if isinstance(reply.get("error"), dict) else None
        if deviation is not None and got == deviation[0] and got != code:
            print("DEVIATION [%s] %s: the protocol documents %s, the daemon answers %s"
                  % (step_name, description, code, short(reply)), flush=True)
            code, field = deviation
        error = expect_error(reply, code, request, field=field, request_id=request_id)
        checks += 1
        expect_status(conn, "after-%d" % checks, description)
        ok("%-28s -> %s%s; status answered" % (description, code, " (%s)" % error["field"] if "field" in error else ""))

    def submit(**members):
        request = {"op": "submit", "id": "bad-%d" % (checks + 1), "model": "tiny", "mode": "primed",
                   "primer_base64": primer_base64, "seconds": 0.2, "takes": 1}
        request.update(members)
        return {k: v for k, v in request.items() if v is not None}

    bad("malformed JSON", b'{"op":"status","id":1,\n', "bad_json", request_id=None)
    bad("trailing comma", b'{"op":"status","id":2,}\n', "bad_json", request_id="any")
    bad("not an object", b'[1,2,3]\n', "bad_request", request_id="any")
    bad("unknown op", {"op": "dance", "id": "u1"}, "unknown_op")
    bad("oversized line", b"x" * (max_line_bytes + 1) + b"\n", "line_too_long", request_id=None)
    # The object itself is depth 1: 15 arrays inside it are the deepest allowed (and then the
    # member is unknown); 16 are one too many.
    bad("nesting at the limit (16)", b'{"op":"status","id":"d16","x":' + b"[" * 15 + b"]" * 15 + b"}\n",
        "unknown_field", field="x", request_id="d16")
    bad("nesting past the limit (17)", b'{"op":"status","id":"d17","x":' + b"[" * 16 + b"]" * 16 + b"}\n",
        "too_deep", request_id="any")
    bad("unknown field", {"op": "jobs", "id": 3, "all": True}, "unknown_field", field="all")
    bad("unknown submit field", submit(sead=1), "unknown_field", field="sead")
    bad("unknown model", submit(model="nope"), "unknown_model")
    bad("unknown artist", submit(artist="no_such_band_at_all"), "unknown_artist", field="artist")
    bad("unknown genre", submit(genres=["no_such_genre_xyz"]), "unknown_genre", field="genres")
    bad("undecodable primer", submit(primer_base64=base64.b64encode(b"not audio").decode()), "bad_audio")
    # base64 of zero bytes: jukebox-protocol(7) lists "is empty" under bad_audio.
    bad("empty primer", submit(primer_base64=""), "invalid_field", field="primer_base64")
    # A well-formed WAV file that holds no frames: an empty primer too.
    bad("zero-frame WAV primer", submit(primer_base64=base64.b64encode(empty_wav()).decode()), "bad_audio")
    bad("bad base64 primer", submit(primer_base64="@@@not base64@@@"), "invalid_field", field="primer_base64")
    bad("seconds out of range", submit(seconds=100000), "out_of_range", field="seconds")
    bad("seconds zero", submit(seconds=0), "out_of_range", field="seconds")
    bad("takes out of range (17)", submit(takes=17), "out_of_range", field="takes")
    bad("takes out of range (0)", submit(takes=0), "out_of_range", field="takes")
    bad("missing seconds", submit(seconds=None), "missing_field", field="seconds")
    bad("watch of no such job", {"op": "watch", "id": "w0", "job": "nosuchjob"}, "not_found")
    bad("fetch of no such job", {"op": "fetch", "id": "f0", "job": "nosuchjob"}, "not_found")

    # The second connection, opened before all that, gets its greeting and is served.
    expect_hello(conn2)
    expect_status(conn2, "conn2-status", "the bad input on conn1")
    request = {"op": "jobs", "id": "conn2-jobs"}
    reply = conn2.request(request)
    expect_type(reply, "jobs", request)
    expect(len(reply.get("jobs", [])) == 2, "conn2 (same uid) sees both jobs, and no bad request queued one", reply)
    conn2.close()
    ok("a second connection opened meanwhile got its hello, status and jobs (2 jobs: nothing else was queued)")

    step("end")
    expect_status(conn, "last", "everything")
    conn.close()
    with open("%s/session.json" % outdir, "w") as f:
        json.dump(session, f)
    ok("session complete")


if __name__ == "__main__":
    main()
