#!/usr/bin/env bash
# Runs each libFuzzer target for N seconds (default 60). See docs/fuzzing.md.
# Findings land in fuzz-artifacts/; new interesting inputs grow a scratch corpus copy,
# while the small committed seed corpora stay under tests/fuzz/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
targets=${FUZZ_TARGETS:-form trigger ical webhook rules cel mustache}
scratch=.build-fuzz
swift build -c release --product speedai-fuzz --scratch-path "$scratch" \
  -Xswiftc -DFUZZING -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
binary="$scratch/release/speedai-fuzz"
mkdir -p fuzz-artifacts
for target in $targets; do
  corpus="$scratch/corpus/$target"
  mkdir -p "$corpus"
  cp -n tests/fuzz/"$target"/* "$corpus"/ 2>/dev/null || true
  echo "==> fuzzing '$target' for ${seconds}s"
  # LeakSanitizer reports the Swift runtime's lazily initialised globals as leaks; leaks are
  # not what these targets look for, so leak detection is off.
  # The whole log goes to fuzz-artifacts/<target>.log; the console gets the last status
  # line (coverage, corpus size), the final statistics and, on a finding, its report.
  status=0
  ASAN_OPTIONS=detect_leaks=0 SPEEDAI_FUZZ_TARGET=$target "$binary" "$corpus" \
    -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=4096 -detect_leaks=0 \
    -artifact_prefix="fuzz-artifacts/$target-" -print_final_stats=1 > "fuzz-artifacts/$target.log" 2>&1 || status=$?
  grep -E '^#[0-9]+' "fuzz-artifacts/$target.log" | tail -n 1 || true
  grep -E '^(stat::|Done |==[0-9]+==ERROR|SUMMARY|artifact_prefix)|Fatal error' "fuzz-artifacts/$target.log" | tail -n 12 || true
  echo "corpus: $(ls "$corpus" | wc -l) inputs in $corpus"
  if [ "$status" != 0 ]; then exit "$status"; fi
done
