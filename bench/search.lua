-- wrk script for bench/search.sh: rotates through the request paths listed one a line in
-- the file named by BENCH_PATHS, sends the bearer token from BENCH_TOKEN, and prints one
-- machine-readable line at the end:
-- BENCH {"requests":…,"duration_us":…,"rps":…,"p50_us":…,"p99_us":…,"non2xx":…,"errors":…}

local paths = {}
local index = 0

-- the non-empty lines of the file BENCH_PATHS names (write.lua reads its list so too)
function bench_read_list()
  local list = {}
  for line in io.lines(os.getenv("BENCH_PATHS")) do
    if line ~= "" then
      list[#list + 1] = line
    end
  end
  return list
end

-- the headers every request sends: BENCH_TOKEN's bearer token, JSON wanted
function bench_set_headers()
  local token = os.getenv("BENCH_TOKEN")
  if token and token ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. token
  end
  wrk.headers["Accept"] = "application/json"
end

function init(args)
  paths = bench_read_list()
  bench_set_headers()
end

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"rps":%.1f,"p50_us":%d,"p99_us":%d,' ..
    '"max_us":%d,"non2xx":%d,"errors":%d}\n',
    summary.requests, summary.duration, summary.requests / seconds,
    latency:percentile(50), latency:percentile(99), latency.max,
    e.status, e.connect + e.read + e.write + e.timeout))
end
