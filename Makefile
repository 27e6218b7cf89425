# SpeedAI smart waitlist: the two set-up commands are `make demo` and `make test`.
SHELL := /bin/bash
export PATH := /opt/swift/usr/bin:$(PATH)

SWIFT      ?= swift
CLI        := .build/debug/speedai-rules
RELEASE    := .build/release
CONFORMANCE ?= ../shared/conformance

.PHONY: deps build test crash-test demo tour bench soak fuzz fmt check clean

deps:
	@./scripts/install-deps.sh

build: deps
	$(SWIFT) build

## make test: install, build, run every test (unit, golden, CLI, conformance, API conformance
## with schemathesis against a live service).
test: build
	$(SWIFT) test
	@for target in rules cel mustache form trigger ical webhook; do .build/debug/speedai-fuzz $$target tests/fuzz/$$target || exit 1; done
	$(CLI) check rules/*.rules
	$(CLI) fmt --check rules/*.rules
	./scripts/api-conformance.sh $(CLI)
	@for tape in examples/tapes/*/; do $(CLI) dry-run "$$tape" > /dev/null || exit 1; done
	@if [ -d "$(CONFORMANCE)" ]; then \
		$(CLI) spec-test mustache $(CONFORMANCE)/mustache/*.json && \
		$(CLI) spec-test rrule --min-pass-rate 95 $(CONFORMANCE)/rrule/icalrecur.txt && \
		$(CLI) spec-test cel --skip tests/conformance/cel-skip.txt $(CONFORMANCE)/cel/*.json; \
	else \
		echo "note: $(CONFORMANCE) not found; conformance suites skipped"; \
	fi

## make crash-test: the full crash campaign (docs/RELIABILITY.md): clients hammer the service while
## it is kill -9ed CRASH_KILLS times and restarted; `make test` runs a reduced one (5 kills).
## CRASH_SEED repeats a run's choices.
CRASH_KILLS ?= 25
crash-test: build
	SPEEDAI_CRASH_KILLS=$(CRASH_KILLS) $(if $(CRASH_SEED),SPEEDAI_CRASH_SEED=$(CRASH_SEED)) $(SWIFT) test --filter CrashCampaign

## make demo: build a release binary and run the service on the embedded default
## (demo establishment, local calendar, SMS on the console and in .speedai-demo/sms.jsonl).
DEMO_DATA ?= .speedai-demo
demo: deps
	$(SWIFT) build -c release --product speedai-rules
	$(RELEASE)/speedai-rules serve --demo --data $(DEMO_DATA) --host 127.0.0.1 --port 8080

## make soak: ten minutes of steady mixed load on the release binary, sampling memory, file
## descriptors, WAL size and outbox depth (SOAK_SECONDS, SOAK_RATE to change them).
SOAK_SECONDS ?= 600
SOAK_RATE ?= 50
soak: deps
	$(SWIFT) build -c release --product speedai-rules
	python3 scripts/soak.py $(RELEASE)/speedai-rules --duration $(SOAK_SECONDS) --rate $(SOAK_RATE) --csv .build/soak.csv

## make tour: what the rule language does, on the shipped rule files.
tour: build
	@./scripts/tour.sh

## make bench: parse+check of a 10 000-line rule file; CEL eval vs hand-written Swift;
## matching a freed slot against 10k-1M waiting entries; dry-run of a generated year;
## the dashboard at 100 000 entries; the rules preview's replay at 750-6000 callers for one slot;
## then the HTTP service under wrk (raw SQLite commits as the trigger's baseline; triggers and a
## public page next to nginx serving its copy, at 1-200 connections; RSS; cold starts). Ends by
## writing docs/BENCHMARKS.md (scripts/bench-report.py) from the figures both parts recorded in
## $(BENCH_OUT). `make bench BENCH_QUICK=1`: short runs and smaller sizes, to check that pipeline
## (the report it writes says so). BENCH_HTTP_DURATION etc.: see scripts/bench-http.sh.
BENCH_OUT ?= .build/bench-report
BENCH_QUICK ?=
bench: deps
	$(SWIFT) build -c release --product speedai-bench
	@mkdir -p $(BENCH_OUT) && rm -f $(BENCH_OUT)/speedai-bench.jsonl $(BENCH_OUT)/speedai-bench.txt $(BENCH_OUT)/http.jsonl
	set -o pipefail; SPEEDAI_BENCH_REPORT=$(BENCH_OUT)/speedai-bench.jsonl SPEEDAI_BENCH_QUICK=$(BENCH_QUICK) \
		$(RELEASE)/speedai-bench | tee $(BENCH_OUT)/speedai-bench.txt
	BENCH_REPORT=$(BENCH_OUT)/http.jsonl BENCH_QUICK=$(BENCH_QUICK) ./scripts/bench-http.sh
	python3 scripts/bench-report.py --bench-jsonl $(BENCH_OUT)/speedai-bench.jsonl --bench-log $(BENCH_OUT)/speedai-bench.txt \
		--http-jsonl $(BENCH_OUT)/http.jsonl --out docs/BENCHMARKS.md $(if $(filter-out 0,$(BENCH_QUICK)),--quick) \
		--command "make bench$(if $(BENCH_QUICK), BENCH_QUICK=$(BENCH_QUICK))$(foreach v,BENCH_HTTP_DURATION BENCH_HTTP_STEP_DURATION BENCH_HTTP_THREADS BENCH_HTTP_CONNECTIONS BENCH_HTTP_LEVELS BENCH_BASELINE_SECONDS BENCH_RATE_FACTOR,$(if $($(v)), $(v)=$($(v))))" \
		--command "SPEEDAI_BENCH_REPORT=$(BENCH_OUT)/speedai-bench.jsonl SPEEDAI_BENCH_QUICK=$(BENCH_QUICK) $(RELEASE)/speedai-bench" \
		--command "BENCH_REPORT=$(BENCH_OUT)/http.jsonl BENCH_QUICK=$(BENCH_QUICK) ./scripts/bench-http.sh" \
		--command "  speedai-bench sqlite-baseline DATA_FOLDER SECONDS wal   # before and after the trigger load" \
		--command "  scripts/bench/start-serve.py: speedai-rules serve --rules R --data DATA_FOLDER --rate-limit 0 --invitations-per-hour 0 --max-connections-per-ip 0"

## make race-test: the full race campaign (docs/RELIABILITY.md): 1 000 concurrent Oui on one last
## place, 40 rounds of Oui against the timeout, 40 rounds of dashboard notify against the automatic offer.
.PHONY: race-test
race-test: build
	SPEEDAI_RACE_OUI=1000 SPEEDAI_RACE_ROUNDS=40 SPEEDAI_RACE_NOTIFY_ROUNDS=40 $(SWIFT) test --filter RaceCampaignTests

## make fuzz: run the libFuzzer targets (see docs/fuzzing.md). FUZZ_SECONDS per target.
FUZZ_SECONDS ?= 60
fuzz: deps
	./scripts/fuzz.sh $(FUZZ_SECONDS)

fmt: build
	$(CLI) fmt -w rules/*.rules

clean:
	rm -rf .build
