#!/usr/bin/env python3
"""Drives a running Verbatim (PostgreSQL build) with reads and writes while PostgreSQL is stopped and started again,
and checks how it behaves; pg-down.sh sets everything up and calls it. Standard library only.

Phases: before (load on a healthy service), outage (PostgreSQL stopped with -m immediate), recovery (PostgreSQL
started until the service is ready and a write succeeds), after (load on the recovered service). A request belongs to
the phase in which it started; the outage checks take the requests that started after PostgreSQL was stopped and
before it was started again.
"""
import argparse
import base64
import http.client
import json
import subprocess
import sys
import threading
import time
import uuid

PROBLEM = "application/problem+json"


class Client:
    """One keep-alive HTTP connection; every call returns (status, headers, body, seconds)."""

    def __init__(self, port, user=None, password=None, timeout=30.0):
        self.port, self.timeout = port, timeout
        self.auth = None
        if user:
            self.auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self.conn = None

    def call(self, method, path, body=None, content_type="application/json", accept="application/json"):
        headers = {"Accept": accept + ", application/problem+json"}
        if body is not None:
            headers["Content-Type"] = content_type
            body = body if isinstance(body, bytes) else json.dumps(body).encode()
        if self.auth:
            headers["Authorization"] = self.auth
        started = time.monotonic()
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                return response.status, {k.lower(): v for k, v in response.getheaders()}, data, \
                    time.monotonic() - started
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as e:
                # A kept-alive connection the server closed between requests: once more on a new one.
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    return 0, {}, str(e).encode(), time.monotonic() - started
            except OSError as e:  # timeout, refused
                self.conn.close()
                self.conn = None
                return 0, {}, str(e).encode(), time.monotonic() - started


class Load:
    """Readers and writers running until stopped; every request is recorded with the time it started."""

    def __init__(self, args, speaker, event, statement_id, run):
        self.args, self.speaker, self.event, self.known, self.run = args, speaker, event, statement_id, run
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.records = []      # (started, kind, status, seconds, problem_ok, detail)
        self.acknowledged = {}  # id -> body sent
        self.attempted = 0
        self.threads = []

    def record(self, started, kind, status, headers, body, seconds):
        ok = True
        detail = kind + " "
        kind = kind.split(" ")[0]
        if status >= 400:
            ok = headers.get("content-type", "").startswith(PROBLEM)
            try:
                problem = json.loads(body)
                detail += problem.get("type", "")
            except ValueError:
                problem = {}
                ok, detail = False, detail + body[:200].decode(errors="replace")
            if status == 503:
                ok = ok and problem.get("type") == "urn:verbatim:problem:database-unavailable" \
                    and headers.get("retry-after", "").isdigit() and int(headers["retry-after"]) >= 1
        else:
            detail += body[:200].decode(errors="replace")
        with self.lock:
            self.records.append((started, kind, status, seconds, ok, detail))

    def reader(self, n):
        client = Client(self.args.port, timeout=self.args.client_timeout)
        paths = [f"/api/v1/statements?size=20&speakerId={self.speaker}", f"/api/v1/statements/{self.known}",
                 f"/api/v1/statements?q=pgdown{self.run}&size=10", "/api/v1/speakers?q=pgdown",
                 f"/api/v1/events/{self.event}", "/api/v1/statements?sort=-sourceCount&size=5"]
        i = n
        while not self.stop.is_set():
            path = paths[i % len(paths)]
            i += 1
            started = time.monotonic()
            status, headers, body, seconds = client.call("GET", path)
            self.record(started, "read " + path, status, headers, body, seconds)

    def writer(self, n):
        client = Client(self.args.port, self.args.user, self.args.password, timeout=self.args.client_timeout)
        i = 0
        while not self.stop.is_set():
            i += 1
            token = uuid.uuid4().hex[:12]
            body = {"text": f"Pgdown{self.run} writer {n} statement {i} token{token}: “we keep talking”.",
                    "kind": "QUOTE", "speakerId": self.speaker, "eventId": self.event, "statedOn": "2025-06-25",
                    "language": "en", "topics": ["Resilience", "outage"],
                    "sources": [{"publisher": "Fault Wire", "url": f"https://news.example.org/{token}",
                                 "publishedOn": "2025-06-26"}]}
            started = time.monotonic()
            status, headers, data, seconds = client.call("POST", "/api/v1/statements", body)
            self.record(started, "write POST /api/v1/statements", status, headers, data, seconds)
            with self.lock:
                self.attempted += 1
                if status == 201:
                    self.acknowledged[json.loads(data)["id"]] = body
            if status != 201:
                time.sleep(0.05)  # a refused writer does not spin

    def start(self):
        for n in range(self.args.readers):
            self.threads.append(threading.Thread(target=self.reader, args=(n,), daemon=True))
        for n in range(self.args.writers):
            self.threads.append(threading.Thread(target=self.writer, args=(n,), daemon=True))
        for t in self.threads:
            t.start()

    def finish(self):
        self.stop.set()
        for t in self.threads:
            t.join(self.args.client_timeout + 5)


def health(port, which):
    status, _, body, seconds = Client(port, timeout=10).call("GET", f"/q/health/{which}")
    try:
        state = json.loads(body).get("status")
    except ValueError:
        state = None
    return status, state, seconds


def shell(command):
    subprocess.run(command, shell=True, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--stop-db", required=True, help="shell command that stops PostgreSQL")
    p.add_argument("--start-db", required=True, help="shell command that starts PostgreSQL and waits for it")
    p.add_argument("--service-log", required=True)
    p.add_argument("--readers", type=int, default=4)
    p.add_argument("--writers", type=int, default=2)
    p.add_argument("--before", type=float, default=5)
    p.add_argument("--outage", type=float, default=15)
    p.add_argument("--after", type=float, default=5)
    p.add_argument("--latency-bound", type=float, default=8, help="seconds any answer may take")
    p.add_argument("--down-bound", type=float, default=5, help="seconds until readiness reports DOWN")
    p.add_argument("--recovery-bound", type=float, default=15, help="seconds from PostgreSQL back to service back")
    p.add_argument("--client-timeout", type=float, default=30)
    args = p.parse_args()

    admin = Client(args.port, args.user, args.password)
    results = []

    def check(ok, text):
        results.append(ok)
        print(("PASS " if ok else "FAIL ") + text, flush=True)

    run = uuid.uuid4().hex[:8]
    _, _, body, _ = admin.call("POST", "/api/v1/speakers", {"name": f"Pgdown {run} Speaker", "kind": "PERSON"})
    speaker = json.loads(body)["id"]
    _, _, body, _ = admin.call("POST", "/api/v1/events", {"name": f"Pgdown {run} Briefing", "kind": "PRESS_BRIEFING",
                                                          "startDate": "2025-06-25", "participantIds": [speaker]})
    event = json.loads(body)["id"]
    status, _, body, _ = admin.call("POST", "/api/v1/statements", {
        "text": f"Pgdown{run} first statement", "kind": "QUOTE", "speakerId": speaker, "eventId": event,
        "statedOn": "2025-06-25", "sources": [{"publisher": "Fault Wire"}]})
    assert status == 201, body
    first = json.loads(body)["id"]

    load = Load(args, speaker, event, first, run)
    load.acknowledged[first] = None
    log_mark = len(open(args.service_log, "rb").read())
    load.start()
    time.sleep(args.before)

    # --- Outage -----------------------------------------------------------------------------------------------
    shell(args.stop_db)
    stopped = time.monotonic()
    down_after, live = None, []
    while time.monotonic() - stopped < args.outage:
        status, state, _ = health(args.port, "ready")
        if down_after is None and status == 503 and state == "DOWN":
            down_after = time.monotonic() - stopped
        live.append(health(args.port, "live"))
        time.sleep(0.25)
    starting = time.monotonic()
    shell(args.start_db)
    back = time.monotonic()
    outage_seconds = back - stopped
    ready_after = None
    writes_before = len(load.acknowledged)
    write_after = None
    while time.monotonic() - back < args.recovery_bound + 5 and (ready_after is None or write_after is None):
        status, state, _ = health(args.port, "ready")
        if ready_after is None and status == 200 and state == "UP":
            ready_after = time.monotonic() - back
        if write_after is None and len(load.acknowledged) > writes_before:
            write_after = time.monotonic() - back
        live.append(health(args.port, "live"))
        time.sleep(0.1)
    recovered = time.monotonic()
    time.sleep(args.after)
    load.finish()

    # --- Checks -----------------------------------------------------------------------------------------------
    check(down_after is not None and down_after <= args.down_bound,
          f"readiness DOWN {down_after if down_after is None else round(down_after, 2)} s after PostgreSQL stopped"
          f" (bound {args.down_bound:g} s)")

    during = [r for r in load.records if stopped <= r[0] < starting]
    by_status = {}
    for r in during:
        by_status[r[2]] = by_status.get(r[2], 0) + 1
    # A request made near the end may wait for a connection until PostgreSQL is back, and succeed.
    late = [r for r in during if 200 <= r[2] < 300 and r[0] + r[3] >= starting]
    # Lists and searches of statements are answered by the search index, which holds every committed statement as
    # shown: they need no database, and may succeed meanwhile.
    from_index = [r for r in during if r[2] == 200 and r[5].startswith("read /api/v1/statements?")
                  and '"items":[' in r[5] and r not in late]
    bad = [r for r in during if not (r[2] == 503 and r[4]) and r not in late and r not in from_index]
    max_during = max((r[3] for r in during), default=0)
    check(during and not bad and max_during <= args.latency_bound,
          f"outage {outage_seconds:.1f} s: {len(during)} requests started, by status {dict(sorted(by_status.items()))}"
          f" ({len(late)} answered once PostgreSQL was starting again, {len(from_index)} lists and searches answered"
          f" by the search index), {len(bad)} neither of those nor a database-unavailable problem with Retry-After;"
          f" max latency {max_during:.2f} s (bound {args.latency_bound:g} s)")
    for r in bad[:5]:
        print(f"     e.g. {r[1]} answered {r[2]} in {r[3]:.2f} s: {r[5]}")

    live_ok = all(s == 200 and state == "UP" for s, state, _ in live)
    check(live_ok, f"liveness UP throughout: {sum(1 for s, state, _ in live if s == 200 and state == 'UP')}"
                   f" of {len(live)} probes")

    check(ready_after is not None and write_after is not None
          and max(ready_after, write_after) <= args.recovery_bound,
          f"recovery without restart: ready {ready_after if ready_after is None else round(ready_after, 2)} s,"
          f" first acknowledged write {write_after if write_after is None else round(write_after, 2)} s after"
          f" PostgreSQL accepted connections again (bound {args.recovery_bound:g} s)")

    after = [r for r in load.records if r[0] >= recovered]
    after_bad = [r for r in after if not 200 <= r[2] < 300]
    check(after and not after_bad, f"after recovery: {len(after)} requests, {len(after_bad)} not 2xx")
    for r in after_bad[:5]:
        print(f"     e.g. {r[1]} answered {r[2]} in {r[3]:.2f} s: {r[5]}")

    every = load.records
    errors = [r for r in every if r[2] >= 500 and r[2] != 503 or r[2] == 0]
    slowest = max((r[3] for r in every), default=0)
    phases = [("before", 0, stopped), ("outage", stopped, starting), ("restart", starting, back),
              ("recovery", back, recovered), ("after", recovered, float("inf"))]
    summary = []
    for name, start, end in phases:
        rs = [r for r in every if start <= r[0] < end]
        statuses = {}
        for r in rs:
            statuses[r[2]] = statuses.get(r[2], 0) + 1
        summary.append(f"{name} {len(rs)} {dict(sorted(statuses.items()))} max {max((r[3] for r in rs), default=0):.2f} s")
    check(not errors and slowest <= args.latency_bound,
          f"all {len(every)} requests: {len(errors)} answered 5xx other than 503 or not at all;"
          f" max latency {slowest:.2f} s (bound {args.latency_bound:g} s)")
    print("     by phase: " + "; ".join(summary))

    # Every acknowledged write is stored exactly as sent.
    missing, different = [], []
    for sid, sent in load.acknowledged.items():
        status, _, body, _ = admin.call("GET", f"/api/v1/statements/{sid}")
        if status != 200:
            missing.append(sid)
            continue
        if sent is None:
            continue
        got = json.loads(body)
        same = (got["text"] == sent["text"] and got["kind"] == sent["kind"]
                and got["speaker"]["id"] == sent["speakerId"] and got["event"]["id"] == sent["eventId"]
                and got["statedOn"] == sent["statedOn"] and got["language"] == sent["language"]
                and sorted(got["topics"]) == sorted(t.lower() for t in sent["topics"])
                and [(s["publisher"], s.get("url"), s.get("publishedOn")) for s in got["sources"]]
                == [(s["publisher"], s["url"], s["publishedOn"]) for s in sent["sources"]])
        if not same:
            different.append(sid)
    stored = database_ids(admin, speaker, None)
    extra = len(stored - set(load.acknowledged))
    check(not missing and not different and set(load.acknowledged) <= stored,
          f"acknowledged writes: {len(load.acknowledged)} of {load.attempted + 1} attempted, {len(missing)} missing,"
          f" {len(different)} different; {extra} refused during the outage but stored anyway")

    # The search index caught up: it finds exactly what the database holds.
    t0 = time.monotonic()
    pending = None
    while time.monotonic() - t0 < 30:
        _, _, body, _ = admin.call("GET", "/api/v1/admin/search-index")
        pending = json.loads(body).get("pending")
        if pending == 0:
            break
        time.sleep(0.5)
    found = database_ids(admin, speaker, f"pgdown{run}")
    check(pending == 0 and found == stored,
          f"search index caught up in {time.monotonic() - t0:.1f} s: {len(found)} statements found by search,"
          f" {len(stored)} in the database, {len(stored - found)} missing from the index, pending {pending}")

    # Background work logs the outage once, not once per attempt.
    text = open(args.service_log, "rb").read()[log_mark:].decode(errors="replace")
    lines = [line for line in text.splitlines() if line[:4].isdigit()]
    warns = [line for line in lines if " WARN " in line]
    errs = [line for line in lines if " ERROR " in line]
    outage_warns = [line for line in warns if "DatabaseOutage" in line]
    check(not errs and len(outage_warns) == 1 and len(warns) <= 25,
          f"log: {len(warns)} WARN lines (bound 25; the outage itself once: {len(outage_warns)}),"
          f" {len(errs)} ERROR lines, {len(text.splitlines())} lines in all")
    for line in (errs + [w for w in warns if "DatabaseOutage" not in w])[:5]:
        print("     " + line[:220])

    sys.exit(0 if all(results) else 1)


def database_ids(client, speaker, q):
    """The ids of the speaker's statements: from the database, or through the search index when q is given."""
    path = f"/api/v1/statements/export?format=ndjson&speakerId={speaker}" + (f"&q={q}" if q else "")
    status, _, body, _ = client.call("GET", path, accept="application/x-ndjson")
    assert status == 200, (status, body[:300])
    return {json.loads(line)["id"] for line in body.decode().splitlines() if line.strip()}


if __name__ == "__main__":
    main()
