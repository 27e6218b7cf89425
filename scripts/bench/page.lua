-- wrk script for scripts/bench-http.sh: plain GETs of one URL, reported in the same plain
-- figures as trigger.lua.

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
