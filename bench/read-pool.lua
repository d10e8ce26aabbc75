-- wrk script for bench/read-pool.sh: bench/search.lua (the paths listed in BENCH_PATHS in
-- turn, the token of BENCH_TOKEN, its BENCH line at the end), plus an agent's pause: with
-- BENCH_DELAY_MS above 0 each connection waits that long after an answer before its next
-- request (wrk times a request from its sending, so the pause is not in the latency), so
-- that a few connections stand for agents at work rather than a flood that would queue on
-- itself.

dofile(os.getenv("BENCH_ROOT") .. "/bench/search.lua")

local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0") or 0

if pause > 0 then
  function delay()
    return pause
  end
end
