#!/usr/bin/env bash
# API conformance (issue 7): runs schemathesis (PyPI) against a live `speedai-rules serve` on
# 127.0.0.1 with `openapi.yaml`, and fails when any request gets a 5xx, a status code, content
# type, header or body outside the description, a 405 that is missing for an undeclared
# method, or when the service is no longer healthy afterwards. Two passes: the public API,
# pages and webhooks with the API key; the admin API and dashboard with an admin session.
#
# Usage: scripts/api-conformance.sh [BINARY] [MAX_EXAMPLES]
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
binary="${1:-$root/.build/debug/speedai-rules}"
examples="${2:-${SPEEDAI_ST_EXAMPLES:-25}}"
command -v schemathesis >/dev/null || python3 -m pip install --quiet schemathesis \
    || python3 -m pip install --quiet --break-system-packages schemathesis

work="$(mktemp -d /tmp/speedai-st-XXXXXX)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
key="st-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
password="st-password-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
mkdir -p "$work/rules" "$work/data"
cp "$root/rules/bistrot.rules" "$work/rules/"
cleanup() { [ -n "${server:-}" ] && kill "$server" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

SPEEDAI_ADMIN_PASSWORD="$password" "$binary" admin add --data "$work/data" --platform --email st@speedai.fr \
    --password-env SPEEDAI_ADMIN_PASSWORD >/dev/null
SPEEDAI_API_KEY="$key" "$binary" serve --rules "$work/rules" --data "$work/data" --port "$port" \
    --rate-limit 0 --invitations-per-hour 0 --outbox-paused --test-clock >"$work/serve.out" 2>"$work/serve.err" &
server=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done

session="$(curl -sf -X POST "$base/api/v1/admin/sessions" -H 'Content-Type: application/json' -H "Origin: $base" \
    -d "{\"email\":\"st@speedai.fr\",\"password\":\"$password\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"

checks="not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,unsupported_method"
common=(--url "$base" --checks "$checks" --max-examples "$examples" --seed 20261125 --workers 1 --no-color)
status=0
echo "==> schemathesis: public API, pages, webhooks ($examples examples per operation)"
schemathesis run "$root/openapi.yaml" "${common[@]}" -H "Authorization: Bearer $key" \
    --exclude-path-regex '^/(api/v1/admin|dashboard|admin)' || status=1
echo "==> schemathesis: admin API and dashboard (signed in)"
schemathesis run "$root/openapi.yaml" "${common[@]}" -H "Authorization: Bearer $session" \
    -H "Cookie: speedai_admin=$session" --include-path-regex '^/(api/v1/admin|dashboard|admin)' \
    --exclude-path '/api/v1/admin/sessions/current' || status=1

if ! curl -sf "$base/healthz" >/dev/null || ! kill -0 "$server" 2>/dev/null; then
    echo "error: the service is not healthy after the run" >&2
    tail -20 "$work/serve.err" >&2
    status=1
fi
if grep -q '"level":"fault"\|Fatal error\|panic' "$work/serve.err"; then
    echo "error: the service logged a fault" >&2
    status=1
fi
exit $status
