-- wrk script for bench/instances.sh: writes, as the app sends them (JSON, a fresh
-- Idempotency-Key each), BENCH_WRITE says which:
--   calls  POST /api/v1/calls {phone} with the phones listed one a line in BENCH_PATHS, and
--          POST /api/v1/calls/{id}/end {reason} for each call started (its id from the answer)
--   cards  POST /api/v1/cards/{number}/block {reason} with the card numbers listed one a line
--          in BENCH_PATHS, and POST …/unblock for each card the answer says is blocked
-- A connection ready to send ends a call (unblocks a card) answered before, else starts
-- the next, so about half the requests are each. Prints what bench/search.lua prints
-- (its done() is reused), and the first few answers that were not 2xx on stderr.

local items = {}
local index = 0
local pending = {}
local kind
local key_prefix
local serial = 0
local failures = 0

-- search.lua's done() prints the line and its helpers read the list and set the headers;
-- init() and request() below replace its own
dofile(os.getenv("BENCH_ROOT") .. "/bench/search.lua")

function init(args)
  kind = os.getenv("BENCH_WRITE")
  items = bench_read_list()
  bench_set_headers()
  wrk.headers["Content-Type"] = "application/json"
  -- keys are kept a day: unique across runs
  key_prefix = "bench-" .. os.getenv("BENCH_RUN") .. "-" .. os.time() .. "-"
end

local function post(path, body)
  -- wrk.format takes these headers instead of wrk.headers: the token and the rest with them
  local headers = {}
  for name, value in pairs(wrk.headers) do
    headers[name] = value
  end
  serial = serial + 1
  headers["Idempotency-Key"] = key_prefix .. serial
  return wrk.format("POST", path, headers, body)
end

function request()
  local next_pending = table.remove(pending, 1)
  if kind == "calls" then
    if next_pending then
      return post("/api/v1/calls/" .. next_pending .. "/end", '{"reason":"resolved","close_ticket":false}')
    end
    index = index % #items + 1
    return post("/api/v1/calls", '{"phone":"' .. items[index] .. '"}')
  end
  if next_pending then
    return post("/api/v1/cards/" .. next_pending .. "/unblock", '{"reason":"found"}')
  end
  index = index % #items + 1
  return post("/api/v1/cards/" .. items[index] .. "/block", '{"reason":"lost"}')
end

function response(status, headers, body)
  if status >= 300 then
    failures = failures + 1
    if failures <= 3 then
      io.stderr:write("bench: answer " .. status .. ": " .. tostring(body) .. "\n")
    end
    return
  end
  if kind == "calls" then
    -- {"call":{"id":…,…},"member":…}: the call's id comes first
    local id = status == 201 and body:match('^{"call":{"id":(%d+)')
    if id then
      pending[#pending + 1] = id
    end
  elseif body:find('"state":"blocked"', 1, true) then
    pending[#pending + 1] = body:match('"number":"([^"]+)"')
  end
end
