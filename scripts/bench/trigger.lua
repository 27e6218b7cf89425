-- wrk script for scripts/bench-http.sh: POSTs waitlist triggers, each with its own phone
-- number (the service refuses a second invitation for the same phone and slot as a duplicate,
-- which would measure a different path). Reads BENCH_API_KEY, BENCH_SLOT, BENCH_BUSINESS.

local key = os.getenv("BENCH_API_KEY") or "bench-key"
local slot = os.getenv("BENCH_SLOT") or "2030-01-18T19:30:00"
local business = os.getenv("BENCH_BUSINESS") or "bench"

local thread_id = 0

-- Runs once per thread in the main Lua state: number the threads.
function setup(thread)
  thread:set("thread_id", thread_id)
  thread_id = thread_id + 1
end

local counter = 0

-- Runs in each thread's state: the fixed parts of every request.
function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. key
end

-- Each request: +336 followed by 8 digits, distinct across threads (10 million per thread).
function request()
  counter = counter + 1
  local phone = string.format("+336%08d", thread_id * 10000000 + counter)
  local body = string.format(
    '{"requested_slot": "%s", "business_id": "%s", "phone": "%s", "source": "voice_agent"}',
    slot, business, phone)
  return wrk.format(nil, nil, nil, body)
end

-- Plain figures for the shell script to print.
function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("requests     %d in %.1f s\n", summary.requests, seconds))
  io.write(string.format("requests/s   %.0f\n", summary.requests / seconds))
  io.write(string.format("latency p50  %.2f ms\n", latency:percentile(50) / 1000))
  io.write(string.format("latency p99  %.2f ms\n", latency:percentile(99) / 1000))
  local errors = summary.errors
  io.write(string.format("non-2xx/3xx  %d   socket errors: connect %d, read %d, write %d, timeout %d\n",
    errors.status, errors.connect, errors.read, errors.write, errors.timeout))
end
