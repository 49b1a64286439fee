#!/usr/bin/env python3
"""The data side of backup-restore.sh, in two steps. Standard library only.

  load-and-back-up: on the first instance, imports the generated statements and makes a few writes, then starts
    writers that go on creating statements, makes the backup meanwhile (H2: POST /api/v1/admin/backups and download
    it; PostgreSQL: the given pg_dump command), stops the writers, and keeps the first instance's final state.
  compare: on the instance restored from the backup, checks that it holds the first instance's state at backup time
    and that search works.

What "the state at backup time" means: every statement acknowledged before the backup started is there; no statement
whose write started after the backup ended is there; a write that overlapped the backup may be there or not. Every
statement that is there is exactly as the first instance exports it at the end (the writers only add statements, so
nothing there changes after it is written), and the speakers and events are those of the first instance.
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pg_down import Client  # noqa: E402  (one keep-alive HTTP client for both fault scripts)


def export(client):
    status, _, body, _ = client.call("GET", "/api/v1/statements/export?format=ndjson", accept="application/x-ndjson")
    assert status == 200, (status, body[:300])
    return {json.loads(line)["id"]: line for line in body.decode().splitlines() if line.strip()}


def listing(client, path):
    """Every item of a list, page by page, in its order."""
    items, page = [], 0
    while True:
        status, _, body, _ = client.call("GET", f"{path}?size=100&page={page}")
        assert status == 200, (path, status, body[:300])
        data = json.loads(body)
        items += data["items"]
        if (page + 1) * data["size"] >= data["total"]:
            return items
        page += 1


def load_and_back_up(args):
    client = Client(args.port, args.user, args.password, timeout=300)
    t0 = time.monotonic()
    with open(args.statements, "rb") as f:
        status, _, body, seconds = client.call("POST", "/api/v1/imports", f.read(), content_type="application/x-ndjson")
    report = json.loads(body)
    assert status == 201 and report["status"] == "COMPLETED", (status, body[:500])
    print(f"     imported {report['lines']} lines in {seconds:.1f} s: {report['created']} created,"
          f" {report['merged']} merged, {report['failed']} failed")

    # A few writes of every kind: speaker, event, statement, patch, another source.
    run = uuid.uuid4().hex[:8]
    _, _, body, _ = client.call("POST", "/api/v1/speakers", {"name": f"Backup {run} Speaker", "kind": "PERSON",
                                                              "aliases": ["Säkerhetskopia"]})
    speaker = json.loads(body)["id"]
    _, _, body, _ = client.call("POST", "/api/v1/events", {"name": f"Backup {run} Summit", "kind": "SUMMIT",
                                                            "startDate": "2025-06-24", "endDate": "2025-06-25",
                                                            "participantIds": [speaker]})
    event = json.loads(body)["id"]
    status, _, body, _ = client.call("POST", "/api/v1/statements", {
        "text": f"Backup{run} “a statement written by hand” — with Unicode ✓", "kind": "QUOTE",
        "speakerId": speaker, "eventId": event, "statedOn": "2025-06-25", "topics": ["Backup"],
        "sources": [{"publisher": "Backup Wire", "url": "https://news.example.org/backup"}]})
    assert status == 201, body
    written = json.loads(body)["id"]
    status, _, _, _ = client.call("PATCH", f"/api/v1/statements/{written}", {"context": "Closing press conference"},
                                  content_type="application/merge-patch+json")
    assert status == 200, status
    status, _, _, _ = client.call("POST", f"/api/v1/statements/{written}/sources", {"publisher": "Other Wire"})
    assert status in (200, 201), status

    # Writers go on creating statements while the backup is made.
    stop = threading.Event()
    writes = []  # (started, answered, id or None, token)
    lock = threading.Lock()

    def writer(n):
        c = Client(args.port, args.user, args.password)
        i = 0
        while not stop.is_set():
            i += 1
            token = f"bk{run}w{n}n{i}"
            started = time.monotonic()
            s, _, b, _ = c.call("POST", "/api/v1/statements", {
                "text": f"Backup{run} writer {n} statement {i} {token}", "kind": "PARAPHRASE", "speakerId": speaker,
                "eventId": event, "statedOn": "2025-06-25", "sources": [{"publisher": "Backup Wire"}]})
            with lock:
                writes.append((started, time.monotonic(), json.loads(b)["id"] if s == 201 else None, token))

    threads = [threading.Thread(target=writer, args=(n,), daemon=True) for n in range(args.writers)]
    for t in threads:
        t.start()
    time.sleep(2)
    backup_started = time.monotonic()
    if args.backup_command:
        subprocess.run(args.backup_command, shell=True, check=True)
        backup_name = os.path.basename(args.backup_file)
    else:
        status, headers, body, _ = client.call("POST", "/api/v1/admin/backups")
        assert status == 201, (status, body[:300])
        backup = json.loads(body)
        backup_name = backup["name"]
        location = headers["location"]
    backup_ended = time.monotonic()
    time.sleep(2)
    stop.set()
    for t in threads:
        t.join(30)
    if not args.backup_command:
        path = location.split("://", 1)[-1]
        path = path[path.index("/"):]
        status, headers, body, _ = client.call("GET", path, accept="application/zip")
        assert status == 200 and headers.get("content-type", "").startswith("application/zip"), status
        with open(args.backup_file, "wb") as f:
            f.write(body)
        status, _, listed, _ = client.call("GET", "/api/v1/admin/backups")
        assert json.loads(listed)["items"][0]["name"] == backup_name, listed[:300]
    size = os.path.getsize(args.backup_file)
    print(f"     backup {backup_name}: {size} bytes in {backup_ended - backup_started:.2f} s")

    before = [w for w in writes if w[2] and w[1] < backup_started]
    during = [w for w in writes if w[0] <= backup_ended and w[1] >= backup_started]
    after = [w for w in writes if w[0] > backup_ended]
    state = {
        "export": export(client),
        "speakers": listing(client, "/api/v1/speakers"),
        "events": listing(client, "/api/v1/events"),
        "required": [written] + [w[2] for w in before],
        "forbidden": [w[2] for w in after if w[2]],
        "maybe": [w[2] for w in during if w[2]],
        "tokens": {w[2]: w[3] for w in before},
        "writes": {"before": len(before), "during": len(during), "after": len(after),
                   "refused": sum(1 for w in writes if not w[2])},
        "backup_seconds": backup_ended - backup_started,
    }
    with open(args.state, "w") as f:
        json.dump(state, f)
    ok = state["writes"]["refused"] == 0 and len(before) > 0 and len(after) > 0
    print(("PASS " if ok else "FAIL ") + f"writes went on around the backup: {len(before)} acknowledged before it,"
          f" {len(during)} overlapping it, {len(after)} after it, {state['writes']['refused']} refused")
    sys.exit(0 if ok else 1)


def compare(args):
    client = Client(args.port, args.user, args.password, timeout=120)
    with open(args.state) as f:
        state = json.load(f)
    results = []

    def check(ok, text):
        results.append(ok)
        print(("PASS " if ok else "FAIL ") + text, flush=True)

    original = state["export"]
    restored = export(client)
    required, forbidden, maybe = set(state["required"]), set(state["forbidden"]), set(state["maybe"])
    missing = required - restored.keys()
    present_forbidden = forbidden & restored.keys()
    # Statements that were there before the hand-written ones: the import (all of it precedes the backup).
    unexplained = restored.keys() - original.keys()
    different = [sid for sid in restored if sid in original and json.loads(restored[sid]) != json.loads(original[sid])]
    kept_maybe = len(maybe & restored.keys())
    imported = original.keys() - required - forbidden - maybe
    missing_imported = imported - restored.keys()
    check(not missing and not present_forbidden and not unexplained and not different and not missing_imported,
          f"statements: {len(restored)} restored; of the first instance's {len(original)}: {len(imported)} imported"
          f" ones and {len(required)} acknowledged before the backup all there ({len(missing_imported) + len(missing)}"
          f" missing), {len(present_forbidden)} of {len(forbidden)} written after it there, {kept_maybe} of"
          f" {len(maybe)} written during it there; {len(different)} differ from the first instance's export,"
          f" {len(unexplained)} unknown to it")
    for sid in list(missing | present_forbidden | unexplained)[:3] + different[:3]:
        print(f"     e.g. {sid}: {restored.get(sid, original.get(sid, ''))[:200]}")

    lines_a = sorted(original[sid] for sid in restored.keys() & original.keys())
    lines_b = sorted(restored.values())
    check(lines_a == lines_b, f"sorted NDJSON exports identical over the restored statements ({len(lines_b)} lines)")

    speakers, events = listing(client, "/api/v1/speakers"), listing(client, "/api/v1/events")
    check(speakers == state["speakers"] and events == state["events"],
          f"speakers ({len(speakers)} of {len(state['speakers'])}) and events ({len(events)} of"
          f" {len(state['events'])}) identical, in the same order")

    # The index was rebuilt from the restored database; wait for it, then search.
    t0 = time.monotonic()
    status_doc = {}
    while time.monotonic() - t0 < 120:
        _, _, body, _ = client.call("GET", "/api/v1/admin/search-index")
        status_doc = json.loads(body)
        rebuild = status_doc.get("lastRebuild") or {}
        if status_doc.get("documents") == len(restored) and status_doc.get("pending") == 0 \
                and (not rebuild or rebuild.get("finishedAt")):
            break
        time.sleep(0.5)
    check(status_doc.get("documents") == len(restored) and status_doc.get("pending") == 0,
          f"search index rebuilt: {status_doc.get('documents')} documents for {len(restored)} statements,"
          f" {time.monotonic() - t0:.1f} s after ready")

    rng = random.Random(7)
    samples = rng.sample(sorted(imported), min(20, len(imported)))
    tokens = state["tokens"]
    samples += rng.sample(sorted(tokens), min(5, len(tokens)))
    found = 0
    for sid in samples:
        if sid in tokens:
            query = tokens[sid]
        else:
            words = re.findall(r"[a-z]{6,}", json.loads(original[sid])["text"].lower())
            query = "+".join(sorted(set(words), key=lambda w: (-len(w), w))[:3]) if words else ""
        status, _, body, _ = client.call("GET", f"/api/v1/statements?q={query}&size=100")
        if status == 200 and sid in {item["id"] for item in json.loads(body)["items"]}:
            found += 1
        else:
            print(f"     not found: {sid} with q={query} ({status})")
    check(found == len(samples), f"search on the restored instance finds {found} of {len(samples)} sampled statements")
    sys.exit(0 if all(results) else 1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("step", choices=["load-and-back-up", "compare"])
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--state", required=True)
    p.add_argument("--statements", help="NDJSON file to import")
    p.add_argument("--backup-file", help="where the backup ends up")
    p.add_argument("--backup-command", help="shell command that writes the backup file (pg_dump)")
    p.add_argument("--writers", type=int, default=2)
    args = p.parse_args()
    load_and_back_up(args) if args.step == "load-and-back-up" else compare(args)


if __name__ == "__main__":
    main()
