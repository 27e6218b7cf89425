#!/usr/bin/env bash
# HTTP benchmark of the waitlist service (called by `make bench`):
#  1. POST /api/v1/waitlist/trigger with distinct phone numbers (wrk + scripts/bench/trigger.lua):
#     requests/s and p50/p99 latency of the whole path (auth, validation, engine, SQLite commit);
#  2. GET of one public waitlist page, from the service and from a static copy served by nginx,
#     to see what the dynamic page costs next to a static file server.
# Release build, temp data folder, no rate limits. Every process started here is stopped on exit.
set -euo pipefail
export PATH="/opt/swift/usr/bin:$PATH"
cd "$(dirname "$0")/.."

DURATION="${BENCH_HTTP_DURATION:-10s}"
THREADS="${BENCH_HTTP_THREADS:-2}"
CONNECTIONS="${BENCH_HTTP_CONNECTIONS:-50}"

for tool in wrk nginx curl python3; do
    command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool is required (scripts/install-deps.sh installs it)" >&2; exit 1; }
done

echo "==> HTTP benchmark: building the release binary"
swift build -c release --product speedai-rules >/dev/null
BINARY="$(swift build -c release --show-bin-path)/speedai-rules"

WORK="$(mktemp -d -t speedai-bench-http.XXXXXX)"
SERVE_PID=""
NGINX_PID=""
cleanup() {
    if [ -n "$SERVE_PID" ] && kill -0 "$SERVE_PID" 2>/dev/null; then kill -TERM "$SERVE_PID"; wait "$SERVE_PID" 2>/dev/null || true; fi
    if [ -n "$NGINX_PID" ] && kill -0 "$NGINX_PID" 2>/dev/null; then kill -TERM "$NGINX_PID"; wait "$NGINX_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Waits until FILE's first line starts with TEXT (the server's banner), or fails.
wait_for_line() {
    local file="$1" text="$2" pid="$3"
    for _ in $(seq 1 300); do
        if head -n 1 "$file" 2>/dev/null | grep -q "^$text"; then return 0; fi
        if ! kill -0 "$pid" 2>/dev/null; then echo "error: the server exited; its log:" >&2; cat "$WORK"/serve.err >&2; exit 1; fi
        sleep 0.1
    done
    echo "error: no '$text' line after 30 s" >&2
    exit 1
}

# A business open every evening, so any evening ahead is a valid requested slot.
mkdir -p "$WORK/rules" "$WORK/data" "$WORK/www"
cat > "$WORK/rules/bench.rules" <<'RULES'
establishment {
  id = "bench"
  name = "Le Bistrot du Banc d’Essai"
  timezone = "Europe/Paris"
}

slots {
  length = 30m
  capacity = 2

  service dinner {
    name = "dinner"
    days = [mon, tue, wed, thu, fri, sat, sun]
    hours = 19:00-22:00
  }
}

offers {
  quiet_hours = none
}
RULES

SLOT="$(TZ=Europe/Paris date -d '+3 days' +%Y-%m-%d)T19:30:00"
KEY="bench-key-$$"
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"

SPEEDAI_API_KEY="$KEY" "$BINARY" serve --rules "$WORK/rules" --data "$WORK/data" --host 127.0.0.1 --port "$PORT" ${SERVE_ARGS:-} \
    --rate-limit 0 --invitations-per-hour 0 >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVE_PID=$!
wait_for_line "$WORK/serve.out" "SpeedAI waitlist service listening on" "$SERVE_PID"

echo
echo "==> POST /api/v1/waitlist/trigger: wrk -t$THREADS -c$CONNECTIONS -d$DURATION, distinct phone numbers"
BENCH_API_KEY="$KEY" BENCH_SLOT="$SLOT" BENCH_BUSINESS="bench" \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s scripts/bench/trigger.lua "$BASE/api/v1/waitlist/trigger" \
    | sed -n '/^requests /,$p'

# One more trigger for a page to look at.
ANSWER="$(curl -sS -X POST "$BASE/api/v1/waitlist/trigger" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d "{\"requested_slot\": \"$SLOT\", \"business_id\": \"bench\", \"phone\": \"+33699999999\", \"source\": \"voice_agent\"}")"
PAGE_URL="$(printf '%s' "$ANSWER" | python3 -c 'import json, sys; print(json.load(sys.stdin)["url"])')"
curl -sS -f -o "$WORK/www/page.html" "$PAGE_URL"
# nginx workers run as an unprivileged user when started by root: let them read the copy.
chmod 755 "$WORK" "$WORK/www"
chmod 644 "$WORK/www/page.html"

NGINX_PORT="$(free_port)"
mkdir -p "$WORK/nginx"
cat > "$WORK/nginx/nginx.conf" <<NGINX
daemon off;
worker_processes 2;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $WORK/www;
        default_type text/html;
    }
}
NGINX
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" 2>"$WORK/nginx/stderr" &
NGINX_PID=$!
for _ in $(seq 1 100); do curl -s -f -o /dev/null "http://127.0.0.1:$NGINX_PORT/page.html" && break; sleep 0.1; done
if ! cmp -s <(curl -s -f "http://127.0.0.1:$NGINX_PORT/page.html") "$WORK/www/page.html"; then
    echo "error: nginx does not serve the page copy; its log:" >&2
    cat "$WORK/nginx/error.log" "$WORK/nginx/stderr" >&2
    exit 1
fi

page_bench() {
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s scripts/bench/page.lua "$1" | sed -n '/^requests /,$p'
}

echo
echo "==> GET /waitlist/{token} from the service ($(wc -c < "$WORK/www/page.html") bytes)"
SERVICE_FIGURES="$(page_bench "$PAGE_URL")"
echo "$SERVICE_FIGURES"
echo
echo "==> the same page as a static file from nginx (2 workers, no access log)"
NGINX_FIGURES="$(page_bench "http://127.0.0.1:$NGINX_PORT/page.html")"
echo "$NGINX_FIGURES"

SERVICE_RPS="$(echo "$SERVICE_FIGURES" | awk '/^requests\/s/ {print $2}')"
NGINX_RPS="$(echo "$NGINX_FIGURES" | awk '/^requests\/s/ {print $2}')"
echo
echo "==> page requests/s: service $SERVICE_RPS, nginx static $NGINX_RPS, service/nginx = $(python3 -c "print(f'{$SERVICE_RPS / $NGINX_RPS:.2f}')")"
