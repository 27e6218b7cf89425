#!/usr/bin/env python3
"""Soak test of the waitlist service (issue 7): a steady mixed load for a while, sampling what
could grow without bound.

Starts `speedai-rules serve` (the binary given) on a free loopback port with a temp data folder
and an establishment whose evening is fully booked, then for DURATION seconds sends, at RATE
requests per second in all: triggers with fresh phone numbers (each a new entry, an SMS in the
outbox), GETs of the public pages they link to, and availability queries. Every INTERVAL
seconds it samples the server's resident memory, open file descriptors, SQLite WAL size,
outbox depth (`/healthz`) and the entries created so far, and writes them to a CSV.

At the end it prints a summary and exits 1 when something that must stay bounded kept
growing: open file descriptors, the WAL, the outbox depth (compared between the middle and the
last third of the run, after a warm-up third), or when any request failed with a 5xx or a
connection error. Resident memory is reported per 1 000 entries rather than judged: the engine
keeps every entry of the retention period in memory by design.

Usage: soak.py BINARY [--duration 600] [--rate 50] [--interval 5] [--csv soak.csv]
"""
import argparse
import http.client
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

RULES = """establishment {
  id = "soak"
  name = "Le Bistrot de l’Endurance"
  timezone = "Europe/Paris"
}

slots {
  length = 30m
  capacity = 1

  service dinner {
    name = "Dîner"
    days = [mon, tue, wed, thu, fri, sat, sun]
    hours = 19:00-23:00
  }
}

calendar {
  poll_every = 10s
}
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """The service under test, with its folder."""

    def __init__(self, binary):
        self.folder = tempfile.mkdtemp(prefix="speedai-soak-")
        self.data = os.path.join(self.folder, "data")
        os.makedirs(os.path.join(self.folder, "rules"))
        os.makedirs(self.data)
        with open(os.path.join(self.folder, "rules", "soak.rules"), "w") as rules:
            rules.write(RULES)
        self.binary = binary
        self.port = free_port()
        self.key = "soak-" + os.urandom(12).hex()
        self.evening = time.strftime("%Y-%m-%d", time.localtime(time.time() + 3 * 86400))
        self.process = None

    def start(self):
        environment = dict(os.environ, SPEEDAI_API_KEY=self.key)
        self.log = open(os.path.join(self.folder, "serve.err"), "w")
        self.process = subprocess.Popen([self.binary, "serve", "--rules", os.path.join(self.folder, "rules"),
                                         "--data", self.data, "--port", str(self.port), "--rate-limit", "0",
                                         "--invitations-per-hour", "0"],
                                        env=environment, stdout=subprocess.DEVNULL, stderr=self.log)
        for _ in range(300):
            try:
                if self.get_json("/healthz")["status"] == "ok":
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("error: the service did not answer /healthz within 30 s")
        # The whole evening is booked, so every trigger makes a waitlist entry.
        for hour in ("19:00", "19:30", "20:00", "20:30", "21:00", "21:30", "22:00", "22:30"):
            subprocess.run([self.binary, "calendar", "book", "--data", self.data, "--business", "soak",
                            "--at", f"{self.evening}T{hour}:00", "--party", "1", "--uid", f"full-{hour.replace(':', '')}"],
                           check=True, capture_output=True)
        for _ in range(600):
            answer = self.get_json(f"/api/v1/availability?business_id=soak&around={self.evening}T20:00:00",
                                   {"Authorization": f"Bearer {self.key}"})
            if answer.get("requested", {}).get("free") == 0:
                return
            time.sleep(0.1)
        raise SystemExit("error: the calendar poll never saw the evening full within 60 s")

    def get_json(self, path, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.request("GET", path, headers=headers or {})
        return json.loads(connection.getresponse().read())

    def sample(self):
        pid = self.process.pid
        with open(f"/proc/{pid}/status") as status:
            rss = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
        fds = len(os.listdir(f"/proc/{pid}/fd"))
        wal_path = os.path.join(self.data, "speedai.db-wal")
        wal = os.path.getsize(wal_path) if os.path.exists(wal_path) else 0
        health = self.get_json("/healthz")
        return {"rss_kib": rss, "fds": fds, "wal_bytes": wal, "outbox_pending": health["outbox_pending"]}

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        shutil.rmtree(self.folder, ignore_errors=True)


class Load:
    """Worker threads sending the mix at a steady overall rate."""

    def __init__(self, server, rate, workers=4):
        self.server = server
        self.interval = workers / rate
        self.workers = workers
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.counts = {"trigger": 0, "page": 0, "availability": 0, "errors": 0, "5xx": 0}
        self.statuses = {}
        self.links = []

    def count(self, key, amount=1):
        with self.lock:
            self.counts[key] += amount

    def run(self, index):
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        random_source = random.Random(index)
        sequence = 0
        next_at = time.monotonic()
        headers = {"Authorization": f"Bearer {self.server.key}", "Content-Type": "application/json"}
        while not self.stop.is_set():
            next_at += self.interval
            sequence += 1
            choice = random_source.random()
            try:
                if choice < 0.5 or not self.links:
                    phone = "+336%d%07d" % (index, sequence)
                    body = json.dumps({"requested_slot": f"{self.server.evening}T20:00:00", "business_id": "soak",
                                       "phone": phone, "source": "voice_agent"})
                    connection.request("POST", "/api/v1/waitlist/trigger", body=body, headers=headers)
                    response = connection.getresponse()
                    answer = response.read()
                    if response.status in (200, 201):
                        url = json.loads(answer)["url"]
                        with self.lock:
                            if len(self.links) < 1000:
                                self.links.append(url.split(str(self.server.port), 1)[1])
                    kind = "trigger"
                elif choice < 0.85:
                    with self.lock:
                        path = random_source.choice(self.links)
                    connection.request("GET", path)
                    response = connection.getresponse()
                    response.read()
                    kind = "page"
                else:
                    connection.request("GET", f"/api/v1/availability?business_id=soak&around={self.server.evening}T20:00:00",
                                       headers=headers)
                    response = connection.getresponse()
                    response.read()
                    kind = "availability"
                self.count(kind)
                with self.lock:
                    self.statuses[(kind, response.status)] = self.statuses.get((kind, response.status), 0) + 1
                if response.status >= 500:
                    self.count("5xx")
            except (OSError, http.client.HTTPException):
                self.count("errors")
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
            delay = next_at - time.monotonic()
            if delay > 0:
                time.sleep(delay)

    def start(self):
        self.threads = [threading.Thread(target=self.run, args=(index,), daemon=True) for index in range(self.workers)]
        for thread in self.threads:
            thread.start()

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=15)


def mean(values):
    return sum(values) / len(values) if values else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("--duration", type=int, default=600)
    parser.add_argument("--rate", type=float, default=50)
    parser.add_argument("--interval", type=float, default=5)
    parser.add_argument("--csv", default="soak.csv")
    arguments = parser.parse_args()

    server = Server(arguments.binary)
    rows = []
    try:
        server.start()
        load = Load(server, arguments.rate)
        started = time.monotonic()
        load.start()
        while time.monotonic() - started < arguments.duration:
            time.sleep(arguments.interval)
            row = server.sample()
            row["seconds"] = round(time.monotonic() - started, 1)
            with load.lock:
                row["entries"] = load.counts["trigger"]
                row["requests"] = sum(load.counts[key] for key in ("trigger", "page", "availability"))
            rows.append(row)
        load.finish()
        final = server.sample()
    finally:
        server.stop()

    columns = ["seconds", "requests", "entries", "rss_kib", "fds", "wal_bytes", "outbox_pending"]
    with open(arguments.csv, "w") as output:
        output.write(",".join(columns) + "\n")
        for row in rows:
            output.write(",".join(str(row[column]) for column in columns) + "\n")

    third = max(1, len(rows) // 3)
    middle, last = rows[third:2 * third], rows[2 * third:]
    problems = []
    for key, slack in (("fds", 8), ("wal_bytes", 8 * 1024 * 1024), ("outbox_pending", 50)):
        before, after = mean([row[key] for row in middle]), mean([row[key] for row in last])
        if after > before * 1.25 + slack:
            problems.append(f"{key} kept growing: {before:.0f} → {after:.0f}")
    rss_first, rss_last = rows[0]["rss_kib"], final["rss_kib"]
    entries = max(1, rows[-1]["entries"] - rows[0]["entries"])
    print(f"soak: {arguments.duration} s at {arguments.rate:g} req/s: {rows[-1]['requests']} requests "
          f"({load.counts['trigger']} triggers, {load.counts['page']} pages, {load.counts['availability']} availability), "
          f"{load.counts['5xx']} 5xx, {load.counts['errors']} connection errors")
    print("  answers: " + ", ".join(f"{kind} {status} ×{count}" for (kind, status), count in sorted(load.statuses.items())))
    print(f"  RSS {rss_first / 1024:.1f} → {rss_last / 1024:.1f} MiB ({(rss_last - rss_first) / entries * 1000 / 1024:.2f} MiB per 1 000 entries); "
          f"fds {min(r['fds'] for r in rows)}–{max(r['fds'] for r in rows)}; "
          f"WAL max {max(r['wal_bytes'] for r in rows) / 1048576:.1f} MiB; "
          f"outbox depth max {max(r['outbox_pending'] for r in rows)}; samples in {arguments.csv}")
    refused = sum(count for (kind, status), count in load.statuses.items() if 400 <= status < 500)
    if refused:
        problems.append(f"{refused} requests refused with a 4xx (the load itself is wrong)")
    if load.counts["5xx"] or load.counts["errors"]:
        problems.append(f"{load.counts['5xx']} 5xx and {load.counts['errors']} connection errors")
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
