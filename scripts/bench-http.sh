#!/usr/bin/env bash
# HTTP benchmark of the waitlist service (called by `make bench`), with its baselines measured
# in the same run:
#  0. raw SQLite one-row-per-transaction commits (journal_mode=WAL, synchronous=FULL) in the
#     service's data folder, before and after the trigger load (`speedai-bench sqlite-baseline`):
#     the durable trigger throughput is judged against it;
#  1. cold start: from the exec of `speedai-rules serve` to the first 200 on GET /healthz; RSS idle;
#  2. POST /api/v1/waitlist/trigger with distinct phone numbers (wrk + scripts/bench/trigger.lua)
#     at 1, 10, 50, 100, 200 connections (closed loop: requests/s and p50/p99 of the whole path:
#     auth, validation, engine, SQLite commit), then at a fixed offered rate of 1.5 x the SQLite
#     baseline over 50 connections (p99 a caller sees below saturation); RSS after the load;
#  3. GET of one public waitlist page, from the service and from a static copy served by nginx,
#     at the same concurrencies, to see what the dynamic page costs next to a static file server;
#  4. cold start again with every entry the trigger load created (snapshot + replay), RSS idle.
# Release build, temp data folder, no rate limits. Every process started here is stopped on exit.
# BENCH_REPORT=FILE appends each figure to FILE as a JSON line (scripts/bench-report.py reads it);
# BENCH_QUICK=1 shortens every run to check that pipeline.
set -euo pipefail
export PATH="/opt/swift/usr/bin:$PATH"
cd "$(dirname "$0")/.."

QUICK="${BENCH_QUICK:-}"
[ "$QUICK" = "0" ] && QUICK=""
DURATION="${BENCH_HTTP_DURATION:-$([ -n "$QUICK" ] && echo 2s || echo 10s)}"
STEP_DURATION="${BENCH_HTTP_STEP_DURATION:-$([ -n "$QUICK" ] && echo 1s || echo 5s)}"
THREADS="${BENCH_HTTP_THREADS:-2}"
CONNECTIONS="${BENCH_HTTP_CONNECTIONS:-50}"
LEVELS="${BENCH_HTTP_LEVELS:-1 10 50 100 200}"
BASELINE_SECONDS="${BENCH_BASELINE_SECONDS:-$([ -n "$QUICK" ] && echo 1 || echo 5)}"
RATE_FACTOR="${BENCH_RATE_FACTOR:-1.5}"
# Seconds between two wrk runs: the service counts a client's connections until it has seen
# them close, and allows 64 per address (HTTPServerConfiguration.maxConnectionsPerIP); a run
# started at once after another was seen to lose hundreds of requests to refused connections.
PAUSE="${BENCH_HTTP_PAUSE:-2}"
REPORT="${BENCH_REPORT:-}"

for tool in wrk nginx curl python3; do
    command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool is required (scripts/install-deps.sh installs it)" >&2; exit 1; }
done

echo "==> HTTP benchmark: building the release binaries"
swift build -c release --product speedai-rules >/dev/null
swift build -c release --product speedai-bench >/dev/null
BIN_PATH="$(swift build -c release --show-bin-path)"
BINARY="$BIN_PATH/speedai-rules"

WORK="$(mktemp -d -t speedai-bench-http.XXXXXX)"
SERVE_PID=""
NGINX_PID=""
stop_serve() {
    if [ -n "$SERVE_PID" ] && kill -0 "$SERVE_PID" 2>/dev/null; then
        kill -TERM "$SERVE_PID"
        # start-serve.py left it to us without being its parent: poll rather than wait.
        for _ in $(seq 1 300); do kill -0 "$SERVE_PID" 2>/dev/null || break; sleep 0.1; done
    fi
    SERVE_PID=""
}
cleanup() {
    stop_serve
    if [ -n "$NGINX_PID" ] && kill -0 "$NGINX_PID" 2>/dev/null; then kill -TERM "$NGINX_PID"; wait "$NGINX_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# emit KEY=VALUE...: one JSON object into $REPORT (numbers stay numbers).
emit() {
    [ -n "$REPORT" ] || return 0
    python3 - "$@" >>"$REPORT" <<'PY'
import json, sys
record = {"source": "bench-http"}
for argument in filter(None, sys.argv[1:]):
    key, _, value = argument.partition("=")
    try:
        record[key] = float(value) if key not in ("id", "kind", "figure", "note", "unit", "text") else value
    except ValueError:
        record[key] = value
print(json.dumps(record, ensure_ascii=False))
PY
}

# wrk_figures OUTPUT: "rps p50 p99 requests non2xx socket_errors" from trigger.lua/page.lua's lines.
wrk_figures() {
    printf '%s\n' "$1" | awk '
        /^requests / && $3 == "in" { requests = $2 }
        /^requests\/s/ { rps = $2 }
        /^latency p50/ { p50 = $3 }
        /^latency p99/ { p99 = $3 }
        /^non-2xx/ { status = $2; sock = $6 + $8 + $10 + $12 }
        END { print rps, p50, p99, requests, status, sock }' | tr -d ','
}

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# run_wrk ID TARGET CONNECTIONS DURATION URL SCRIPT [extra env...]: runs, prints, records.
run_wrk() {
    local id="$1" target="$2" connections="$3" duration="$4" url="$5" script="$6"
    shift 6
    local threads=$(( connections < THREADS ? connections : THREADS ))
    local output
    sleep "$PAUSE"
    output="$(env "$@" BENCH_THREADS="$threads" wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$script" "$url" \
        | sed -n '/^requests /,$p')"
    echo "$output" >&2
    read -r rps p50 p99 requests status sock <<<"$(wrk_figures "$output")"
    local rss=0
    [ -n "$SERVE_PID" ] && rss="$(rss_kb "$SERVE_PID")"
    emit kind=wrk id="$id" target="$target" connections="$connections" threads="$threads" duration="$duration" \
        rps="$rps" p50_ms="$p50" p99_ms="$p99" requests="$requests" non2xx="$status" socket_errors="$sock" serve_rss_kb="$rss" \
        "$(for a in "$@"; do case "$a" in BENCH_RATE=*) echo "offered_rate=${a#BENCH_RATE=}";; esac; done)"
    echo "$rps"
}

# A business open every evening, so any evening ahead is a valid requested slot.
mkdir -p "$WORK/rules" "$WORK/data" "$WORK/www"
cp scripts/bench/bench.rules "$WORK/rules/bench.rules"

# The disk under the data folder, for the report's header.
DISK="$(df -T -P "$WORK/data" | awk 'NR == 2 {print $1 " (" $2 ", " $3 / 1048576 " GiB)"}' | xargs)"
DEVICE="$(df -P "$WORK/data" | awk 'NR == 2 {print $1}')"
ROTATIONAL="$(cat "/sys/block/$(basename "$DEVICE")/queue/rotational" 2>/dev/null || echo '?')"
emit kind=disk data_folder="$WORK/data" text="$DISK, rotational=$ROTATIONAL"

sqlite_baseline() {
    local when="$1" line rate
    line="$("$BIN_PATH/speedai-bench" sqlite-baseline "$WORK/data" "$BASELINE_SECONDS" wal | tail -n 1)"
    echo "    $when: $line" >&2
    rate="$(echo "$line" | awk '{print $NF}')"
    emit kind=sqlite id="sqlite.$when" commits_per_s="$rate" seconds="$BASELINE_SECONDS" note="$line"
    echo "$rate"
}

echo
echo "==> baseline: raw SQLite one-row-per-transaction commits, WAL + synchronous=FULL, in the service's data folder ($DISK)"
BASELINE_BEFORE="$(sqlite_baseline before)"

SLOT="$(TZ=Europe/Paris date -d '+3 days' +%Y-%m-%d)T19:30:00"
KEY="bench-key-$$"
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"

# start_serve LABEL: starts the service on $PORT with $WORK/data, times the cold start, samples RSS.
start_serve() {
    local label="$1" output cold
    output="$(SPEEDAI_API_KEY="$KEY" python3 scripts/bench/start-serve.py "$BASE/healthz" "$WORK/serve.pid" "$WORK/serve.out" "$WORK/serve.err" -- \
        "$BINARY" serve --rules "$WORK/rules" --data "$WORK/data" --host 127.0.0.1 --port "$PORT" ${SERVE_ARGS:-} \
        --rate-limit 0 --invitations-per-hour 0 --max-connections-per-ip 0)" || { echo "error: the server did not start; its log:" >&2; cat "$WORK/serve.err" >&2; exit 1; }
    SERVE_PID="$(cat "$WORK/serve.pid")"
    cold="$(echo "$output" | awk '/^cold-start-ms/ {print $2}')"
    sleep 1
    local rss
    rss="$(rss_kb "$SERVE_PID")"
    echo "    cold start ($label): $cold ms to the first 200 on /healthz; RSS 1 s later: $((rss / 1024)) MiB"
    emit kind=start id="start.$label" cold_start_ms="$cold" rss_kb="$rss" entries="${ENTRIES:-0}"
}

echo
echo "==> cold start of an empty service (exec to the first 200 on GET /healthz)"
ENTRIES=0
start_serve empty

# The requested slot is full, so every trigger joins the waitlist (a trigger for a slot with
# room is answered 409 slot_available): both tables booked, then wait for the poll to see them.
"$BINARY" calendar book --data "$WORK/data" --business bench --at "$SLOT" --party 2 --uid bench-full >/dev/null
for _ in $(seq 1 150); do
    curl -sf -H "Authorization: Bearer $KEY" "$BASE/api/v1/availability?business_id=bench&around=$SLOT" \
        | grep -q '"waitlist_available":true' && break
    sleep 0.2
done

echo
echo "==> POST /api/v1/waitlist/trigger, distinct phone numbers, closed loop (wrk -c N; $STEP_DURATION per level, $DURATION at $CONNECTIONS)"
block=0
TRIGGER_RPS=""
for connections in $LEVELS; do
    duration="$STEP_DURATION"
    [ "$connections" = "$CONNECTIONS" ] && duration="$DURATION"
    echo "  -c $connections -d $duration"
    rps="$(run_wrk "trigger.c$connections" trigger "$connections" "$duration" "$BASE/api/v1/waitlist/trigger" scripts/bench/trigger.lua \
        BENCH_API_KEY="$KEY" BENCH_SLOT="$SLOT" BENCH_BUSINESS=bench BENCH_PHONE_BLOCK="$block")"
    [ "$connections" = "$CONNECTIONS" ] && TRIGGER_RPS="$rps"
    block=$((block + 1))
done
if [ -z "$TRIGGER_RPS" ]; then
    echo "  -c $CONNECTIONS -d $DURATION"
    TRIGGER_RPS="$(run_wrk "trigger.c$CONNECTIONS" trigger "$CONNECTIONS" "$DURATION" "$BASE/api/v1/waitlist/trigger" scripts/bench/trigger.lua \
        BENCH_API_KEY="$KEY" BENCH_SLOT="$SLOT" BENCH_BUSINESS=bench BENCH_PHONE_BLOCK="$block")"
    block=$((block + 1))
fi

RATE="$(python3 -c "print(round($RATE_FACTOR * $BASELINE_BEFORE))")"
echo
echo "==> the same at a fixed offered rate: $RATE requests/s ($RATE_FACTOR x the SQLite baseline) over $CONNECTIONS connections, $DURATION"
run_wrk trigger.rate trigger-rate "$CONNECTIONS" "$DURATION" "$BASE/api/v1/waitlist/trigger" scripts/bench/trigger.lua \
    BENCH_API_KEY="$KEY" BENCH_SLOT="$SLOT" BENCH_BUSINESS=bench BENCH_PHONE_BLOCK="$block" BENCH_RATE="$RATE" >/dev/null
LOADED_RSS="$(rss_kb "$SERVE_PID")"
echo "    RSS right after the trigger load: $((LOADED_RSS / 1024)) MiB"
# Every trigger above must have made a new entry (201): a 200 is the duplicate path (no entry,
# no SMS), much cheaper, and would flatter the figures. trigger.lua once sent the same numbers
# from every wrk thread; this check keeps such a mistake from going unnoticed again.
DUPLICATES="$(curl -sS -H "Authorization: Bearer $KEY" "$BASE/metrics" \
    | awk '/^speedai_http_requests_total\{/ && /trigger/ && /status="200"/ {sum += $2} END {print sum + 0}')"
if [ "$DUPLICATES" != "0" ]; then
    echo "error: $DUPLICATES triggers were answered 200 (duplicate phone numbers): the load generator repeats numbers" >&2
    exit 1
fi
emit kind=rss id=rss.loaded rss_kb="$LOADED_RSS"

echo
echo "==> baseline again, after the trigger load"
sqlite_baseline after >/dev/null

# One more trigger for a page to look at.
ANSWER="$(curl -sS -X POST "$BASE/api/v1/waitlist/trigger" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d "{\"requested_slot\": \"$SLOT\", \"business_id\": \"bench\", \"phone\": \"+33799999999\", \"source\": \"voice_agent\"}")"
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
emit kind=page bytes="$(wc -c < "$WORK/www/page.html")"

echo
echo "==> GET /waitlist/{token} ($(wc -c < "$WORK/www/page.html") bytes) from the service, then the same page as a static file from nginx (2 workers, no access log)"
SERVICE_RPS=""
NGINX_RPS=""
for connections in $LEVELS; do
    duration="$STEP_DURATION"
    [ "$connections" = "$CONNECTIONS" ] && duration="$DURATION"
    echo "  service -c $connections -d $duration"
    rps="$(run_wrk "page.c$connections" page "$connections" "$duration" "$PAGE_URL" scripts/bench/page.lua)"
    [ "$connections" = "$CONNECTIONS" ] && SERVICE_RPS="$rps"
    echo "  nginx   -c $connections -d $duration"
    rps="$(run_wrk "nginx.c$connections" nginx "$connections" "$duration" "http://127.0.0.1:$NGINX_PORT/page.html" scripts/bench/page.lua)"
    [ "$connections" = "$CONNECTIONS" ] && NGINX_RPS="$rps"
done
if [ -n "$SERVICE_RPS" ] && [ -n "$NGINX_RPS" ]; then
    echo
    echo "==> page requests/s at $CONNECTIONS connections: service $SERVICE_RPS, nginx static $NGINX_RPS, service/nginx = $(python3 -c "print(f'{$SERVICE_RPS / $NGINX_RPS:.2f}')")"
fi

echo
echo "==> cold start again with what the load left in the database (snapshot + replay)"
stop_serve
ENTRIES="$(python3 -c "import sqlite3, sys; print(sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True).execute('SELECT count(*) FROM entries').fetchone()[0])" \
    "$WORK/data/speedai.db" 2>/dev/null || echo 0)"
echo "    $ENTRIES entries in the database"
start_serve loaded
stop_serve
