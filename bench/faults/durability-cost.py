#!/usr/bin/env python3
"""What durable commits cost: the same jar, on fresh data directories, with H2 URLs that differ only in their
settings, measured alternately in one run (A B A B ...) so that a noisy machine weighs on both alike.

For each setting: single writes (one client creating statements one after another) per second, the same with
four clients, the time of an import of an NDJSON file, and the size of the database file after the writes and after
a clean stop. Run through bench/faults/durability-cost.sh.
"""
import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from faultlib import Api, Service, password_hash, post_import  # noqa: E402


def writes_per_second(api, speaker, event, clients, seconds, tag):
    done = [0] * clients
    stop = time.monotonic() + seconds

    def client(c):
        n = 0
        while time.monotonic() < stop:
            n += 1
            status, _, data = api.call("POST", "/api/v1/statements", {
                "text": f"cost {tag} {c} {n} {random.random()}", "kind": "QUOTE", "speakerId": speaker,
                "statedOn": "2025-05-12", "eventId": event, "sources": [{"publisher": "Cost Wire"}]})
            if status != 201:
                raise RuntimeError(f"{status} {data!r:.200}")
            done[c] += 1

    t0 = time.monotonic()
    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / (time.monotonic() - t0)


def measure(args, svc, api, label, url, ndjson, run):
    data = os.path.join(args.work, f"cost-{run}")
    shutil.rmtree(data, ignore_errors=True)
    os.makedirs(data)
    svc.env["QUARKUS_DATASOURCE_JDBC_URL"] = url.replace("DATA", os.path.abspath(data))
    svc.start(data)
    _, _, speaker = api.call("POST", "/api/v1/speakers", {"name": "Cost Speaker", "kind": "PERSON"})
    _, _, event = api.call("POST", "/api/v1/events", {"name": "Cost briefing", "kind": "PRESS_BRIEFING",
                                                      "startDate": "2025-05-12"})
    one = writes_per_second(api, speaker["id"], event["id"], 1, args.seconds, f"{run}a")
    four = writes_per_second(api, speaker["id"], event["id"], 4, args.seconds, f"{run}b")
    t0 = time.monotonic()
    status, report = post_import(args.port, api.auth, ndjson)
    seconds = time.monotonic() - t0
    if status != 201 or report.get("status") != "COMPLETED":
        raise RuntimeError(f"import: {status} {str(report)[:300]}")
    db = os.path.join(data, "verbatim.mv.db")
    size_running = os.path.getsize(db) / 2**20
    svc.stop()
    size_stopped = os.path.getsize(db) / 2**20
    shutil.rmtree(data, ignore_errors=True)
    row = {"label": label, "one": one, "four": four, "import": seconds, "lines": report["lines"],
           "size": size_running, "closed": size_stopped}
    print(f"  {label}: {one:.1f} writes/s (1 client), {four:.1f} writes/s (4 clients), import of "
          f"{report['lines']} lines {seconds:.1f}s; database {size_running:.1f} MiB, {size_stopped:.1f} MiB "
          f"after a clean stop", flush=True)
    return row


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--app", default="target/quarkus-app")
    p.add_argument("--bench", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    p.add_argument("--work", required=True)
    p.add_argument("--port", type=int, default=18112)
    p.add_argument("--lines", type=int, default=20000)
    p.add_argument("--seconds", type=float, default=20)
    p.add_argument("--repeats", type=int, default=2)
    p.add_argument("setting", nargs="+", help="label|JDBC URL, DATA standing for the data directory")
    args = p.parse_args()
    os.makedirs(args.work, exist_ok=True)
    gen = os.path.join(args.work, f"generated-{args.lines}")
    ndjson = os.path.join(gen, "statements.ndjson")
    if not os.path.exists(ndjson):
        subprocess.run([sys.executable, os.path.join(args.bench, "generate.py"), "--statements", str(args.lines),
                        "--out", gen], check=True)
    password = f"cost-{random.SystemRandom().randrange(10**12)}-password"
    svc = Service(args.app, args.port, "cost", password_hash(args.app, password), args.work)
    api = Api(args.port, "cost", password)
    svc.clients.append(api)
    settings = [s.split("|", 1) for s in args.setting]
    rows = []
    try:
        run = 0
        for _ in range(args.repeats):
            for label, url in settings:
                run += 1
                rows.append(measure(args, svc, api, label, url, ndjson, run))
    finally:
        svc.kill9()
    print()
    print("| setting | single writes/s, 1 client | 4 clients | import of %d lines | database after, running"
          " | after a clean stop |" % rows[0]["lines"])
    print("|---|---|---|---|---|---|")
    for label, url in settings:
        mine = [r for r in rows if r["label"] == label]
        med = lambda k: statistics.median(r[k] for r in mine)  # noqa: E731
        print(f"| {label} (`{url}`) | {med('one'):.1f} | {med('four'):.1f} | {med('import'):.1f} s "
              f"({med('lines') / med('import'):.0f} lines/s) | {med('size'):.1f} MiB | {med('closed'):.1f} MiB |")
    print(f"(medians of {args.repeats} runs each, alternated)")


if __name__ == "__main__":
    main()
