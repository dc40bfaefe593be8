"""Uses Clients/python/jukebox_client.py as a script would: submit and watch, fetch audio and
tokens, read a take's provenance and make it again, lay out a song's tree, hear a preview and
drop a take mid-job, and see errors as JukeboxError codes.
Usage: client_module_session.py MODULE_DIR SOCKET PRIMER OUTDIR"""
import sys

module_dir, socket_path, primer, out = sys.argv[1:5]
sys.path.insert(0, module_dir)
from jukebox_client import Jukebox, JukeboxError, like_settings, read_provenance, song_tree  # noqa: E402


def check(condition, what):
    if not condition:
        print("FAIL", what)
        sys.exit(1)


with Jukebox(socket_path, timeout=300) as jukebox:
    check(jukebox.hello["protocol"] == 1, "hello")
    tiny = [m for m in jukebox.models() if m["name"] == "tiny"]
    check(tiny and tiny[0]["trained"] is False, "tiny listed as untrained")
    check(jukebox.labels("tiny", artist="demo")["artists"][0]["name"] == "demo_band", "labels")
    with open(primer, "rb") as f:
        primer_bytes = f.read()
    events = list(jukebox.submit("tiny", primer_bytes=primer_bytes, artist="demo_band", genres=["pop"],
                                 seconds=0.2, takes=1, seed=3))
    check(events[0]["type"] == "accepted" and events[-1]["type"] == "done", "accepted ... done")
    check([e["level"] for e in events if e["type"] == "level-done"] == [2, 1, 0], "levels")
    job = events[0]["job"]
    with open(out + "/take.wav", "wb") as f:
        f.write(jukebox.fetch(job, take=0))
    tokens = jukebox.fetch_tokens(job, level=2)
    check(all(0 <= t < 64 for t in tokens), "tokens in the tiny codebook")
    check(any(j["job"] == job and j["state"] == "done" for j in jukebox.jobs()), "jobs")
    record = read_provenance(out + "/take.wav")
    check(record["job"] == job and record["seed"] == 3 and record["genres"] == ["pop"], "provenance")
    again = list(jukebox.submit(primer_bytes=primer_bytes, **like_settings(out + "/take.wav")))
    check(jukebox.fetch_tokens(again[0]["job"], level=2) == tokens, "like_settings makes the same take")
    child = list(jukebox.submit("tiny", mode="continue", job=job, take=0, seconds=0.1, takes=1, seed=4, levels=[2]))
    tree = [(depth, entry["job"]) for depth, entry in song_tree(jukebox.jobs())]
    check(tree.index((1, child[0]["job"])) == tree.index((0, job)) + 1, "the extension under its parent")
    try:
        read_provenance(primer)
        check(False, "a primer has no provenance")
    except ValueError:
        pass
    for call, code in [(lambda: jukebox.labels("nope"), "unknown_model"),
                       (lambda: list(jukebox.submit("tiny", primer_bytes=b"RIFF", seconds=1)), "bad_audio"),
                       (lambda: list(jukebox.submit("tiny", mode="ancestral", seconds=0)), "out_of_range"),
                       (lambda: jukebox.fetch(job, take=5), "not_found")]:
        try:
            call()
            check(False, "expected " + code)
        except JukeboxError as error:
            check(error.code == code, "expected %s, got %s" % (code, error.code))
    # Three takes; at the first preview, take 2 is dropped (over a second connection) and the
    # preview fetched; the job ends with takes 1 and 3.
    with Jukebox(socket_path, timeout=300) as other:
        grown, dropped = [], None
        for event in jukebox.submit("tiny", mode="ancestral", seconds=0.5, takes=3, seed=4, levels=[2],
                                    hop_fractions=[0.5, 0.5, 0.5]):
            if event["type"] == "accepted":
                second = event["job"]
            if event["type"] == "preview":
                grown.append(event["duration_s"])
                if dropped is None:
                    dropped = other.drop_take(second, 1)
                    check(other.fetch_preview(second, take=0)[:4] == b"RIFF", "a preview while it runs")
        check(dropped == {"type": "take-dropped", "id": dropped["id"], "job": second, "take": 1, "takes_left": 2},
              "take-dropped: %s" % dropped)
        check(event["type"] == "done" and event["dropped_takes"] == [1], "done without take 2: %s" % event)
        check(grown and grown == sorted(grown), "previews grow")
        check(len(jukebox.fetch_tokens(second, take=1, level=2)) < 173, "the dropped take's tokens so far")
    for call, code in [(lambda: jukebox.drop_take(second, 0), "job_ended"),
                       (lambda: jukebox.drop_take("nosuchjob", 0), "not_found")]:
        try:
            call()
            check(False, "expected " + code)
        except JukeboxError as error:
            check(error.code == code, "expected %s, got %s" % (code, error.code))
    check(jukebox.status()["type"] == "status", "status after errors")
    check([h["hop_samples"] for h in tiny[0]["level_hops"]] == [128, 32, 8], "models level_hops")
    done = events[-1]
    check([t["level"] for t in done["level_compute"]] == [2, 1, 0] and done["compute_s"] > 0, "done compute times")
    listed = [j for j in jukebox.jobs() if j["job"] == job][0]
    check(listed["level_compute"] == done["level_compute"] and listed["started_unix_s"] > 0, "jobs compute times")
    check(jukebox.labels("tiny", artist="demo", exact=True)["artists"] == [], "exact labels")
    check(jukebox.status()["state_bytes"] > 0, "status state_bytes")
    check(jukebox.prune(older_than_days=1)["jobs"] == [], "prune keeps young jobs")
    removed = jukebox.remove(job)
    check(removed["jobs"] == [job] and removed["freed_bytes"] > 0, "remove")
    try:
        jukebox.remove(job)
        check(False, "expected not_found for a removed job")
    except JukeboxError as error:
        check(error.code == "not_found", "remove twice: " + error.code)
    print("ok", job, len(tokens))
