#!/usr/bin/env python3
"""Starts `speedai-rules serve` for scripts/bench-http.sh and times its cold start: from the
exec of the server to the first 200 on GET /healthz (docs/service.md), polled every
millisecond from this process so no shell or curl start-up is counted. The server keeps
running after this script exits (the bench script stops it by its pid).

Usage: start-serve.py URL PIDFILE STDOUT STDERR -- COMMAND...
Prints `cold-start-ms N` and `pid N`; exits 1 when the server exits or is not healthy in 60 s.
"""
import http.client
import os
import subprocess
import sys
import time
import urllib.parse


def main():
    url, pid_file, out_path, err_path = sys.argv[1:5]
    command = sys.argv[sys.argv.index("--") + 1:]
    target = urllib.parse.urlsplit(url)
    with open(out_path, "w") as out, open(err_path, "w") as err:
        started = time.monotonic()
        process = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
    with open(pid_file, "w") as handle:
        handle.write(f"{process.pid}\n")
    while time.monotonic() - started < 60:
        if process.poll() is not None:
            print(f"error: the server exited with status {process.returncode}", file=sys.stderr)
            return 1
        try:
            connection = http.client.HTTPConnection(target.hostname, target.port, timeout=1)
            connection.request("GET", target.path or "/healthz")
            status = connection.getresponse().status
            connection.close()
            if status == 200:
                print(f"cold-start-ms {(time.monotonic() - started) * 1000:.1f}")
                print(f"pid {process.pid}")
                return 0
        except OSError:
            pass
        time.sleep(0.001)
    print("error: no 200 on the health endpoint within 60 s", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
