#!/usr/bin/env python3
"""Kills the packaged service with SIGKILL at random moments and checks that nothing acknowledged was lost.

Run through bench/faults/crash.sh, which builds the jar and sets the environment. Two kinds of crash, each repeated
ROUNDS times, at moments drawn from one seeded generator (the seed is printed; the same seed draws the same moments,
though the work done by then depends on the machine's speed):

  import  a large NDJSON import is killed part-way. After the restart: no import still claims to be RUNNING, the
          progress the import had reported is still there, the search index agrees with the database, the whole
          import runs again to the same end state as a clean import of the same file, and a third run is all
          `unchanged`.
  writes  threads create, change (If-Match), add sources to and delete statements, each text with a unique token;
          every write answered 2xx is logged with the state it returned. After the restart every acknowledged write
          is there, exactly; a write in flight at the kill may or may not have landed (either is accepted, for that
          statement only); deleted statements answer 404; and a search for each token finds exactly the live
          statements whose text holds it.
"""
import argparse
import hashlib
import http.client
import json
import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from faultlib import Api, Service, password_hash, post_import  # noqa: E402

USER = "crash"


class Tally:
    def __init__(self):
        self.crashes = 0
        self.acked = 0
        self.acked_lines = 0
        self.lost = 0
        self.index_disagreements = 0
        self.failures = []

    def fail(self, what):
        self.failures.append(what)
        print(f"  FAIL {what}", flush=True)


def log(message):
    print(time.strftime("%H:%M:%S ") + message, flush=True)


# --- Import crashes --------------------------------------------------------------------------------------------

def normalised(value):
    """An export line without the times of its writes, at any depth (a re-run writes at other times)."""
    if isinstance(value, dict):
        return {k: normalised(v) for k, v in value.items() if k not in ("createdAt", "updatedAt")}
    if isinstance(value, list):
        return [normalised(v) for v in value]
    return value


def snapshot(api):
    lines = api.export()
    digest = hashlib.sha256()
    for line in sorted(json.dumps(normalised(s), sort_keys=True, ensure_ascii=False) for s in lines):
        digest.update(line.encode("utf-8") + b"\n")
    return {
        "statements": api.total("/api/v1/statements"),
        "speakers": api.total("/api/v1/speakers"),
        "events": api.total("/api/v1/events"),
        "sources": sum(s["sourceCount"] for s in lines),
        "exported": len(lines),
        "digest": digest.hexdigest()[:16],
    }, lines


def phrase_check(api, statements, rng, tally, sample=20):
    """A phrase of each sampled statement's own words finds it."""
    misses = 0
    for s in rng.sample(statements, min(sample, len(statements))):
        words = re.findall(r"[\w']+", s["text"].lower())[:10]
        total, ids = api.search_ids('"' + " ".join(words) + '"')
        if s["id"] not in ids:
            misses += 1
            tally.fail(f"phrase search for statement {s['id']} ({' '.join(words)!r}) did not find it "
                       f"(total {total})")
    return misses


def import_round(n, args, rng, svc, api, ndjson, reference, tally):
    data = os.path.join(args.work, f"import-{n}")
    shutil.rmtree(data, ignore_errors=True)
    svc.start(data)
    # Kill between 5% and 95% of a clean import's duration.
    delay = rng.uniform(0.05, 0.95) * reference["seconds"]
    result = {}

    def run():
        try:
            result["answer"] = post_import(args.port, api.auth, ndjson)
        except OSError as e:
            result["error"] = e

    importer = threading.Thread(target=run)
    importer.start()
    # Meanwhile, the progress the service reports: once shown, it must survive the crash.
    seen = None
    t0 = time.monotonic()
    while time.monotonic() - t0 < delay and importer.is_alive():
        try:
            items = api.json("/api/v1/imports?size=1")["items"]
            if items:
                seen = items[0]
        except (OSError, RuntimeError):
            pass
        time.sleep(min(0.1, max(0.0, delay - (time.monotonic() - t0))))
    svc.kill9()
    tally.crashes += 1
    importer.join()
    finished = "answer" in result
    log(f"import round {n}: killed after {delay:.2f}s"
        + (" (the import had already finished)" if finished else "")
        + (f"; last progress seen: {seen['lines']} lines, {seen['created']} created" if seen else ""))

    ready = svc.start(data)
    # 1. No import claims to be running.
    jobs = api.json("/api/v1/imports?size=100")["items"]
    running = [j for j in jobs if j["status"] == "RUNNING"]
    if running:
        tally.fail(f"after the restart, {len(running)} import(s) still RUNNING: {running[0]}")
    job = jobs[0] if jobs else None
    if job is not None:
        log(f"  restarted in {ready:.1f}s; the import left behind: {job['status']}, {job['lines']} lines, "
            f"{job['created']} created; {job.get('message')!r}")
    # 2. The progress reported before the kill was committed: it is still there.
    statements = api.total("/api/v1/statements")
    if seen is not None:
        tally.acked_lines += seen["lines"]
        if job is None or job["id"] != seen["id"] or job["lines"] < seen["lines"]:
            tally.lost += 1
            tally.fail(f"the import's progress went back: seen {seen['lines']} lines before the kill, "
                       f"{job and job['lines']} after")
        if statements < seen["created"]:
            tally.lost += 1
            tally.fail(f"{seen['created']} statements created before the kill, {statements} after")
    # 3. The index agrees with the database.
    documents, total, waited = api.wait_indexed()
    if documents != total:
        tally.index_disagreements += 1
        tally.fail(f"the index holds {documents} statements, the database {total}")
    else:
        log(f"  index caught up in {waited:.1f}s: {documents} statements in both")
    _, lines = snapshot(api)
    tally.index_disagreements += phrase_check(api, lines, rng, tally)
    # 4. The whole import again: the end state of a clean import.
    status, report = post_import(args.port, api.auth, ndjson)
    if status != 201 or report.get("status") != "COMPLETED" or report.get("failed") != reference["failed"]:
        tally.fail(f"re-running the import: {status} {str(report)[:300]}")
    else:
        log(f"  re-run: {report['created']} created, {report['merged']} merged, {report['unchanged']} unchanged")
    api.wait_indexed()
    state, lines = snapshot(api)
    if state != reference["state"]:
        tally.fail(f"after the re-run {state}, a clean import {reference['state']}")
    else:
        log(f"  end state equals a clean import's: {state}")
    documents, total, _ = api.wait_indexed()
    if documents != total:
        tally.index_disagreements += 1
        tally.fail(f"after the re-run the index holds {documents} statements, the database {total}")
    # 5. A third run changes nothing.
    status, report = post_import(args.port, api.auth, ndjson)
    if status != 201 or report.get("created") != 0 or report.get("merged") != 0 \
            or report.get("unchanged") != report.get("lines") - reference["failed"]:
        tally.fail(f"a third run was not all unchanged: {status} {str(report)[:300]}")
    svc.stop()
    if not args.keep:
        shutil.rmtree(data, ignore_errors=True)


def import_crashes(args, rng, svc, api, tally):
    gen = os.path.join(args.work, f"generated-{args.statements}")
    ndjson = os.path.join(gen, "statements.ndjson")
    if not os.path.exists(ndjson):
        subprocess.run([sys.executable, os.path.join(args.bench, "generate.py"), "--statements",
                        str(args.statements), "--out", gen], check=True)
    lines = sum(1 for _ in open(ndjson, encoding="utf-8"))
    data = os.path.join(args.work, "import-clean")
    shutil.rmtree(data, ignore_errors=True)
    svc.start(data)
    t0 = time.monotonic()
    status, report = post_import(args.port, api.auth, ndjson)
    seconds = time.monotonic() - t0
    if status != 201 or report.get("status") != "COMPLETED":
        raise RuntimeError(f"the clean import failed: {status} {str(report)[:300]}")
    api.wait_indexed()
    state, _ = snapshot(api)
    svc.stop()
    shutil.rmtree(data, ignore_errors=True)
    log(f"clean import of {lines} lines: {seconds:.1f}s; {report['created']} created, {report['merged']} merged, "
        f"{report['failed']} failed; end state {state}")
    reference = {"seconds": seconds, "state": state, "failed": report["failed"]}
    for n in range(1, args.rounds + 1):
        import_round(n, args, rng, svc, api, ndjson, reference, tally)


# --- Write crashes ---------------------------------------------------------------------------------------------

class Ledger:
    """What the service acknowledged, per statement: the state its last 2xx answer returned, or deleted."""

    def __init__(self):
        self.lock = threading.Lock()
        self.expected = {}        # id -> state dict, or None once deleted
        self.acks = {}            # id -> versions acknowledged, for counting what a loss lost
        self.in_flight = {}       # id -> (op, what it would have made) for writes cut by the kill
        self.lost_creates = {}    # token -> request body of creates cut by the kill: the id is unknown
        self.tokens = {}          # token -> id (None while unknown)
        self.acked_writes = 0

    def ack(self, sid, state):
        with self.lock:
            self.expected[sid] = state
            self.acks.setdefault(sid, []).append(state["version"] if state else None)
            self.acked_writes += 1


WORDS = ("ceasefire talks allies sanctions energy border summit minister reaffirm commitment partners "
         "security trade support negotiations humanitarian aid elections").split()


def writer(tid, rnd, args, api, ledger, speaker, event, stop, seed):
    rng = random.Random(seed)
    mine = []   # live statements this thread wrote, with a known state

    def text(token):
        return f"crashmark {token} " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 15)))

    seq = 0
    while not stop.is_set():
        seq += 1
        token = f"tk{rnd}x{tid}x{seq}q{rng.randrange(10**6)}"
        roll = rng.random()
        op = "create" if not mine or roll < 0.45 else "patch" if roll < 0.70 else "source" if roll < 0.90 \
            else "delete"
        sid = None if op == "create" else rng.choice(mine)
        version = None if sid is None else ledger.expected[sid]["version"]
        try:
            if op == "create":
                body = {"text": text(token), "kind": "QUOTE", "speakerId": speaker, "statedOn": "2025-05-12",
                        "eventId": event, "language": "en",
                        "sources": [{"publisher": "Crash Wire", "url": f"https://crash.example.org/{token}"}]}
                with ledger.lock:
                    ledger.tokens[token] = None
                    ledger.lost_creates[token] = body
                status, _, data = api.call("POST", "/api/v1/statements", body)
                if status == 201:
                    with ledger.lock:
                        del ledger.lost_creates[token]
                        ledger.tokens[token] = data["id"]
                    ledger.ack(data["id"], data)
                    mine.append(data["id"])
                else:
                    raise RuntimeError(f"create answered {status}: {data!r:.300}")
            elif op == "patch":
                patch = {"text": text(token), "context": f"patched in round {rnd}"}
                with ledger.lock:
                    ledger.tokens[token] = sid
                    ledger.in_flight[sid] = ("patch", patch["text"], version)
                status, _, data = api.call("PATCH", f"/api/v1/statements/{sid}", patch,
                                           {"If-Match": f'"{version}"'}, "application/merge-patch+json")
                if status != 200:
                    raise RuntimeError(f"patch answered {status}: {data!r:.300}")
                ledger.ack(sid, data)
                with ledger.lock:
                    del ledger.in_flight[sid]
            elif op == "source":
                url = f"https://other.example.org/{token}"
                with ledger.lock:
                    ledger.in_flight[sid] = ("source", url, version)
                status, _, data = api.call("POST", f"/api/v1/statements/{sid}/sources",
                                           {"publisher": "Other Wire", "url": url, "publishedOn": "2025-05-13"},
                                           {"If-Match": f'"{version}"'})
                if status != 200:
                    raise RuntimeError(f"adding a source answered {status}: {data!r:.300}")
                ledger.ack(sid, data)
                with ledger.lock:
                    del ledger.in_flight[sid]
            else:
                with ledger.lock:
                    ledger.in_flight[sid] = ("delete", None, version)
                status, _, data = api.call("DELETE", f"/api/v1/statements/{sid}", None,
                                           {"If-Match": f'"{version}"'})
                if status != 204:
                    raise RuntimeError(f"delete answered {status}: {data!r:.300}")
                ledger.ack(sid, None)
                mine.remove(sid)
                with ledger.lock:
                    del ledger.in_flight[sid]
        except (OSError, http.client.HTTPException):
            return      # the service is gone: what was in flight stays in the ledger as such
        except RuntimeError as e:
            # The service answered, but not 2xx: not acknowledged. Only expected as a consequence of the kill.
            ledger.errors.append(str(e))
            return


def matches(observed, op):
    """Whether a statement shows a write that was in flight at the kill as landed."""
    kind, what, version = op
    if kind == "patch":
        return observed["text"] == what and observed["version"] == version + 1
    if kind == "source":
        return any(s.get("url") == what for s in observed["sources"]) and observed["version"] == version + 1
    return False


def verify_writes(api, ledger, tally):
    """Every acknowledged write is there, exactly; answers the live statements by id."""
    live = {}
    lost_ids = 0
    for sid, state in list(ledger.expected.items()):
        status, _, data = api.get(f"/api/v1/statements/{sid}")
        flight = ledger.in_flight.get(sid)
        ok = (status == 404 if state is None else status == 200 and data == state)
        if not ok and flight is not None:
            # Cut by the kill: it may have landed.
            ok = (status == 404) if flight[0] == "delete" else status == 200 and matches(data, flight)
        if ok:
            if status == 200:
                live[sid] = data
                ledger.expected[sid] = data    # a write in flight that landed is part of the record now
            else:
                ledger.expected[sid] = None
            continue
        lost_ids += 1
        observed_version = data.get("version") if status == 200 and isinstance(data, dict) else None
        lost = [v for v in ledger.acks[sid] if v is None or observed_version is None or v > observed_version]
        tally.lost += max(1, len(lost))
        tally.fail(f"statement {sid}: expected {'deleted (404)' if state is None else 'version %d' % state['version']}"
                   f", found {status} {('version %s' % observed_version) if observed_version is not None else ''}"
                   + (f" (a {flight[0]} was in flight)" if flight else ""))
        # Counted once: later rounds expect what is there now.
        if status == 200:
            live[sid] = data
            ledger.expected[sid] = data
            ledger.acks[sid] = [data["version"]]
        else:
            ledger.expected[sid] = None
            ledger.acks[sid] = [None]
    ledger.in_flight.clear()
    # What the database lists beyond that can only be creates cut by the kill, which landed.
    listed = list_all(api, "/api/v1/statements?size=100&sort=statedOn")
    in_flight = {body["text"]: token for token, body in ledger.lost_creates.items()}
    for sid, data in listed.items():
        if sid in ledger.expected:
            continue
        token = in_flight.get(data["text"])
        if token is None:
            tally.fail(f"statement {sid} is listed, but no write made it: {data['text'][:80]!r}")
        else:
            ledger.tokens[token] = sid
        # Counted once: later rounds expect it.
        ledger.expected[sid] = data
        ledger.acks[sid] = [data["version"]]
        live[sid] = data
    ledger.lost_creates.clear()
    if set(listed) != set(live):
        missing = set(live) - set(listed)
        tally.fail(f"the list holds {len(listed)} statements, the acknowledged writes leave {len(live)}"
                   f" ({len(missing)} missing from the list)")
    return live, lost_ids


def list_all(api, path):
    """Every statement of a list, from the database (no full-text query), page by page."""
    found = {}
    page = 0
    while True:
        data = api.json(f"{path}&page={page}")
        for item in data["items"]:
            found[item["id"]] = item
        if not data["items"] or len(found) >= data["total"]:
            return found
        page += 1


def verify_index(api, ledger, live, tally):
    """A search for each token finds exactly the live statements whose text holds it."""
    documents, total, waited = api.wait_indexed()
    bad = 0
    if documents != total:
        bad += 1
        tally.fail(f"the index holds {documents} statements, the database {total}")
    tokens = list(ledger.tokens.items())
    results = {}

    def search(chunk):
        for token, _ in chunk:
            results[token] = set(api.search_ids(token)[1])

    threads = [threading.Thread(target=search, args=(tokens[i::4],)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for token, _ in tokens:
        expected = {sid for sid, s in live.items() if token in s["text"].split()}
        if results[token] != expected:
            bad += 1
            if bad <= 10:
                tally.fail(f"search for {token} found {sorted(results[token])}, expected {sorted(expected)}")
    tally.index_disagreements += bad
    return len(tokens), waited


def write_crashes(args, rng, svc, api, tally):
    data = os.path.join(args.work, "writes")
    shutil.rmtree(data, ignore_errors=True)
    svc.start(data)
    status, _, speaker = api.call("POST", "/api/v1/speakers", {"name": "Crash Test Speaker", "kind": "PERSON"})
    assert status == 201, speaker
    status, _, event = api.call("POST", "/api/v1/events", {"name": "Crash test briefing", "kind": "PRESS_BRIEFING",
                                                         "startDate": "2025-05-12"})
    assert status == 201, event
    ledger = Ledger()
    ledger.errors = []
    for n in range(1, args.rounds + 1):
        stop = threading.Event()
        threads = [threading.Thread(target=writer, args=(t, n, args, api, ledger, speaker["id"], event["id"], stop,
                                                         rng.randrange(2**32)))
                   for t in range(args.threads)]
        before = ledger.acked_writes
        # The moment: once a drawn number of writes has been acknowledged, whatever the machine's speed.
        target = rng.randint(args.writes // 2, args.writes * 3 // 2)
        t0 = time.monotonic()
        for t in threads:
            t.start()
        while ledger.acked_writes - before < target and time.monotonic() - t0 < 300 \
                and any(t.is_alive() for t in threads):
            time.sleep(0.001)
        delay = time.monotonic() - t0
        svc.kill9()
        tally.crashes += 1
        stop.set()
        for t in threads:
            t.join()
        api.reset()
        acked = ledger.acked_writes - before
        log(f"writes round {n}: killed after {delay:.2f}s, at {target} acknowledged writes; {acked} acknowledged "
            f"by the kill, "
            f"{len(ledger.in_flight) + len(ledger.lost_creates)} in flight")
        ready = svc.start(data)
        checked = sum(len(v) for v in ledger.acks.values())
        live, lost_ids = verify_writes(api, ledger, tally)
        tally.acked += acked
        searched, waited = verify_index(api, ledger, live, tally)
        log(f"  restarted in {ready:.1f}s; {checked} acknowledged writes checked on {len(ledger.expected)} "
            f"statements ({len(live)} live), {lost_ids} not as acknowledged; index caught up in {waited:.1f}s, "
            f"{searched} tokens searched")
    unexpected = [e for e in ledger.errors]
    if unexpected:
        print(f"  note: {len(unexpected)} writes answered other than 2xx, e.g. {unexpected[0]}")
    svc.stop()
    if not args.keep:
        shutil.rmtree(data, ignore_errors=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--app", default="target/quarkus-app")
    p.add_argument("--bench", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    p.add_argument("--work", required=True)
    p.add_argument("--port", type=int, default=18111)
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--statements", type=int, default=3000)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--writes", type=int, default=100,
                   help="writes acknowledged before each kill, on average (drawn from half to one and a half)")
    p.add_argument("--kinds", default="import,writes")
    p.add_argument("--keep", action="store_true", help="keep the data directories")
    args = p.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10**6)
    print(f"seed {seed} (CRASH_SEED={seed} repeats these moments)", flush=True)
    rng = random.Random(seed)
    os.makedirs(args.work, exist_ok=True)
    password = f"crash-{random.SystemRandom().randrange(10**12)}-password"
    svc = Service(args.app, args.port, USER, password_hash(args.app, password), args.work)
    api = Api(args.port, USER, password)
    svc.clients.append(api)
    tally = Tally()
    t0 = time.monotonic()
    try:
        if "import" in args.kinds:
            import_crashes(args, rng, svc, api, tally)
        if "writes" in args.kinds:
            write_crashes(args, rng, svc, api, tally)
    finally:
        svc.kill9()
    print(f"\ncrashes injected: {tally.crashes}")
    print(f"acknowledged writes checked: {tally.acked} (and {tally.acked_lines} import lines reported done)")
    print(f"writes lost: {tally.lost}")
    print(f"index disagreements: {tally.index_disagreements}")
    print(f"time: {time.monotonic() - t0:.0f}s")
    if tally.failures or tally.lost or tally.index_disagreements:
        print(f"FAIL crash: {len(tally.failures)} check(s) failed (seed {seed})")
        return 1
    print(f"PASS crash: {tally.crashes} kills, {tally.acked} acknowledged writes, none lost, index in step "
          f"(seed {seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
