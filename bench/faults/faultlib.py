"""Shared pieces of the fault scripts: the packaged service as a child process, and a small HTTP client.

Python 3 standard library only.
"""
import base64
import json
import os
import signal
import subprocess
import threading
import time
import http.client
import urllib.parse


def password_hash(app, password):
    """A bcrypt hash of the password, made by the packaged service itself."""
    cp = f"{app}/app/*:{app}/lib/main/*"
    return subprocess.run(["java", "-cp", cp, "org.verbatim.security.Passwords", password],
                          check=True, capture_output=True, text=True).stdout.strip()


class Service:
    """The packaged jar on a data directory of its own; killed with SIGKILL or stopped with SIGTERM."""

    def __init__(self, app, port, user, password_hash_, work, extra_env=None, heap="512m"):
        self.app = app
        self.port = port
        self.work = work
        self.heap = heap
        self.env = dict(os.environ)
        self.env.update({
            f"VERBATIM_SECURITY_USERS_{user.upper()}_PASSWORD_HASH": password_hash_,
            f"VERBATIM_SECURITY_USERS_{user.upper()}_ROLES": "editor,admin",
            "VERBATIM_DEMO_DATA_ENABLED": "false",
            "QUARKUS_HTTP_PORT": str(port),
        })
        self.env.update(extra_env or {})
        self.proc = None
        self.starts = 0
        self.clients = []    # Api objects whose kept-alive connections each start makes stale
        self.pid_file = os.path.join(work, "service.pid")

    def start(self, data_dir, timeout=180):
        """Starts the service and waits until it is ready; answers the seconds that took."""
        assert self.proc is None
        for api in self.clients:
            api.epoch += 1
        env = dict(self.env, VERBATIM_DATA_DIR=os.path.abspath(data_dir))
        self.starts += 1
        log = open(os.path.join(self.work, f"service-{self.starts}.log"), "wb")
        t0 = time.monotonic()
        self.proc = subprocess.Popen(["java", f"-Xmx{self.heap}", "-jar", f"{self.app}/quarkus-run.jar"],
                                     env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        with open(self.pid_file, "w") as f:
            f.write(str(self.proc.pid))
        while True:
            if self.proc.poll() is not None:
                self.proc = None
                raise RuntimeError(f"the service stopped at start; see {self.work}/service-{self.starts}.log")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/q/health/ready")
                if conn.getresponse().status == 200:
                    conn.close()
                    return time.monotonic() - t0
                conn.close()
            except OSError:
                pass
            if time.monotonic() - t0 > timeout:
                self.kill9()
                raise RuntimeError(f"the service was not ready after {timeout}s")
            time.sleep(0.1)

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def kill9(self):
        if self.proc is None:
            return
        try:
            os.kill(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()
        self.proc = None

    def stop(self):
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None


class Api:
    """HTTP/1.1 with keep-alive, one connection per thread, Basic auth on every request."""

    def __init__(self, port, user, password, timeout=60):
        self.port = port
        self.timeout = timeout
        self.auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self.local = threading.local()
        self.epoch = 0

    def _conn(self):
        conn = getattr(self.local, "conn", None)
        if conn is not None and self.local.epoch != self.epoch:
            conn.close()    # to a service that has been restarted since
            conn = None
        if conn is None:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            self.local.conn = conn
            self.local.epoch = self.epoch
        return conn

    def reset(self):
        conn = getattr(self.local, "conn", None)
        if conn is not None:
            conn.close()
        self.local.conn = None

    def call(self, method, path, body=None, headers=None, content_type="application/json"):
        """Answers (status, headers, parsed JSON or raw bytes). Network errors are raised (OSError)."""
        h = {"Authorization": self.auth, "Accept": "application/json, application/problem+json"}
        if body is not None and not isinstance(body, (bytes, str)):
            body = json.dumps(body)
        if body is not None:
            h["Content-Type"] = content_type
        h.update(headers or {})
        conn = self._conn()
        try:
            conn.request(method, path, body=body, headers=h)
            resp = conn.getresponse()
            data = resp.read()
        except (OSError, http.client.HTTPException):
            self.reset()
            raise
        if resp.getheader("Connection", "").lower() == "close":
            self.reset()
        ctype = resp.getheader("Content-Type", "")
        if "json" in ctype and data:
            data = json.loads(data)
        return resp.status, resp, data

    def get(self, path):
        return self.call("GET", path)

    def json(self, path):
        status, _, data = self.get(path)
        if status != 200:
            raise RuntimeError(f"GET {path}: {status} {data!r:.300}")
        return data

    def total(self, path):
        sep = "&" if "?" in path else "?"
        return self.json(f"{path}{sep}size=1")["total"]

    def export(self):
        """Every live statement, as the NDJSON export gives it."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        conn.request("GET", "/api/v1/statements/export?format=ndjson", headers={"Authorization": self.auth})
        resp = conn.getresponse()
        if resp.status != 200:
            raise RuntimeError(f"export: {resp.status}")
        lines = [json.loads(line) for line in resp.read().decode("utf-8").splitlines() if line.strip()]
        conn.close()
        return lines

    def search_ids(self, q, size=100):
        data = self.json("/api/v1/statements?size=%d&q=%s" % (size, urllib.parse.quote(q)))
        return data["total"], [item["id"] for item in data["items"]]

    def index_status(self):
        return self.json("/api/v1/admin/search-index")

    def wait_indexed(self, timeout=180):
        """Until the outbox is empty, no rebuild runs, and the index holds as many statements as the database.
        Answers (documents, statements, seconds waited); the counts disagree only on a timeout."""
        t0 = time.monotonic()
        while True:
            status = self.index_status()
            total = self.total("/api/v1/statements")
            rebuild = status.get("lastRebuild")
            rebuilding = rebuild is not None and rebuild.get("finishedAt") is None
            if status["pending"] == 0 and not rebuilding and status["documents"] == total:
                return status["documents"], total, time.monotonic() - t0
            if time.monotonic() - t0 > timeout:
                return status["documents"], total, time.monotonic() - t0
            time.sleep(0.2)


def post_import(port, auth_header, path, timeout=None):
    """POSTs an NDJSON file to /api/v1/imports, streamed from disk; answers (status, report or text)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    size = os.path.getsize(path)
    with open(path, "rb") as body:
        conn.request("POST", "/api/v1/imports", body=body, headers={
            "Authorization": auth_header, "Content-Type": "application/x-ndjson", "Content-Length": str(size),
            "Accept": "application/json"})
        resp = conn.getresponse()
        data = resp.read()
    conn.close()
    try:
        return resp.status, json.loads(data)
    except ValueError:
        return resp.status, data.decode("utf-8", "replace")


def proc_stats(pid):
    """RSS in MiB and thread count of a process, from /proc."""
    rss = 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) // 1024
    return rss, len(os.listdir(f"/proc/{pid}/task"))
