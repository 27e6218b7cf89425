#!/usr/bin/env bash
# `make tour`: what the rule language does, on the shipped files (check, fmt, eval, dry-run).
set -uo pipefail
cd "$(dirname "$0")/.."
cli=.build/debug/speedai-rules

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "speedai-rules check rules/*.rules   (each SMS template: encoding and segment count)"
$cli check rules/*.rules

step "speedai-rules fmt --check rules/*.rules"
$cli fmt --check rules/*.rules && echo "all rule files are in canonical form"

step "A rule file with mistakes, as an admin might write it"
tmp=$(mktemp -d)
cat > "$tmp/bistrot.rules" <<'RULES'
establishment {
  id = "bistrot"
  timezone = "Europe/Pari"
}

offers {
  ofer_timeout = 15m
  strategy = sequental
  stop_before = "30m"
}

matching {
  match = slot.start in entry.slot
}

sms {
  offer = "Une place s’est libérée pour {{date}} à {{heur}}."
}
RULES
$cli check "$tmp/bistrot.rules"
rm -rf "$tmp"

step "speedai-rules eval: an offer timeout computed from the slot (sample entry and slot)"
$cli eval --sample --type "min(duration('15m'), (slot.start - now) / 4)"
$cli eval --sample "slot.start in entry.slots && entry.party_size <= slot.free"
$cli eval "timestamp('2025-01-18T18:30:00Z').getHours('Europe/Paris')"

step "speedai-rules dry-run examples/tapes/bistrot-friday   (a recorded Friday evening, first lines and summary)"
$cli dry-run examples/tapes/bistrot-friday > /tmp/speedai-demo-transcript.txt
head -n 24 /tmp/speedai-demo-transcript.txt
echo "      ..."
tail -n 9 /tmp/speedai-demo-transcript.txt
rm -f /tmp/speedai-demo-transcript.txt

step "Conformance: cel-spec, mustache/spec and libical RRULE cases"
if [ -d ../shared/conformance ]; then
  $cli spec-test mustache ../shared/conformance/mustache/*.json | tail -1
  $cli spec-test rrule --min-pass-rate 95 ../shared/conformance/rrule/icalrecur.txt | tail -1
  $cli spec-test cel --skip tests/conformance/cel-skip.txt ../shared/conformance/cel/*.json | tail -1
else
  echo "../shared/conformance not found; skipped"
fi
