-- wrk script for bench/page-throughput: spreads GET requests over every course page,
-- /{lang}/formations/{slug} for each slug in the file named after `--` (one slug a line) and
-- both languages, in a fixed cycle; each thread starts at a different point of the cycle.
-- At the end it prints one machine-readable line (read by run.sh):
--   RESULT requests=N seconds=S rps=R p50_ms=X p99_ms=Y non2xx=N socket_errors=N

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local paths = {}
local index = 0

function init(args)
  local file = assert(io.open(args[1], "r"), "cannot read the slug list " .. tostring(args[1]))
  for slug in file:lines() do
    if slug ~= "" then
      table.insert(paths, "/fr/formations/" .. slug)
      table.insert(paths, "/ar/formations/" .. slug)
    end
  end
  file:close()
  assert(#paths > 0, "empty slug list")
  -- `id` and `counter` come from setup(); spread the threads' starting points over the cycle.
  index = math.floor((id or 0) * #paths / 2) % #paths
end

function request()
  index = index + 1
  if index > #paths then index = 1 end
  return wrk.format("GET", paths[index])
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f non2xx=%d socket_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
