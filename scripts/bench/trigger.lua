-- wrk script for scripts/bench-http.sh: POSTs waitlist triggers, each with its own phone
-- number (the service refuses a second invitation for the same phone and slot as a duplicate,
-- which would measure a different path). Reads BENCH_API_KEY, BENCH_SLOT, BENCH_BUSINESS;
-- BENCH_PHONE_BLOCK (0-9) keeps the numbers of successive runs against one service apart.
-- With BENCH_RATE (requests/s in all) and BENCH_THREADS (wrk's -t), requests leave on a fixed
-- schedule instead of as soon as a connection is free: wrk is closed-loop, so at C busy
-- connections its mean latency is only C / throughput; at a fixed offered rate below
-- capacity the latency percentiles say what a caller would see.

local key = os.getenv("BENCH_API_KEY") or "bench-key"
local slot = os.getenv("BENCH_SLOT") or "2030-01-18T19:30:00"
local business = os.getenv("BENCH_BUSINESS") or "bench"
local block = tonumber(os.getenv("BENCH_PHONE_BLOCK") or "0")
local rate = tonumber(os.getenv("BENCH_RATE") or "0")
local threads = tonumber(os.getenv("BENCH_THREADS") or "1")

-- `thread:set` writes a *global* of the thread's Lua state; a `local thread_id` here would
-- shadow it in `request`, and every thread would send the same numbers (half the requests
-- were duplicates, answered 200 without an entry or an SMS, until this was found).
local next_thread_id = 0

-- Runs once per thread in the main Lua state: number the threads.
function setup(thread)
  thread:set("thread_id", next_thread_id)
  next_thread_id = next_thread_id + 1
end

local counter = 0

-- Runs in each thread's state: the fixed parts of every request.
function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. key
end

-- Each request: +336 followed by 8 digits, distinct across runs (block, 10 million each)
-- and threads (1 million per thread and run).
function request()
  counter = counter + 1
  local phone = string.format("+336%08d", block * 10000000 + (thread_id or 0) * 1000000 + counter)
  local body = string.format(
    '{"requested_slot": "%s", "business_id": "%s", "phone": "%s", "source": "voice_agent"}',
    slot, business, phone)
  return wrk.format(nil, nil, nil, body)
end

if rate > 0 then
  -- A monotonic clock in milliseconds (wrk's LuaJIT has the FFI; plain Lua has no such clock).
  local ffi = require("ffi")
  ffi.cdef[[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clock, bench_timespec *time);
  ]]
  local time = ffi.new("bench_timespec")
  local function now_ms()
    ffi.C.clock_gettime(1, time) -- CLOCK_MONOTONIC
    return tonumber(time.tv_sec) * 1000 + tonumber(time.tv_nsec) / 1e6
  end
  -- This thread's share of the rate: one send time every `interval` ms, handed to whichever
  -- of its connections asks next (wrk calls delay() before each request of a connection).
  -- A schedule that falls behind is not reset, so a slow server is sent the backlog at once.
  local interval = 1000 * threads / rate
  local next_at = nil
  function delay()
    local now = now_ms()
    if next_at == nil then next_at = now end
    next_at = next_at + interval
    local wait = next_at - now
    if wait <= 0 then return 0 end
    return math.floor(wait)
  end
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
