-- wrk script of scripts/vote-bench.sh: one phone vote per ticket, each ticket used once.
--
--   wrk -t2 -c1000 -d120s --timeout 30s -s scripts/phone-vote.lua URL -- TICKETS MOTION OUT 2
--
-- TICKETS: a file of ticket codes, one a line; MOTION: the motion's id; OUT: a file that
-- receives one line, "<acknowledged> <busy> <other> <p50 ms> <p90 ms> <p99 ms> <max ms>
-- <answers> <seconds>"; the last argument: wrk's number of threads (-t). Thread i of n sends the tickets i, i+n, i+2n, …; a connection whose thread has
-- none left waits (delay); a thread stops once every one of its votes was answered and leaves a
-- file OUT.done.<thread>; the caller interrupts wrk (SIGINT) once every thread left one, so a run
-- lasts as long as its tickets do (and at most -d). The rate is timed here (the first vote sent
-- to the last answer, CLOCK_MONOTONIC), not by wrk, whose clock runs until it is interrupted.
-- Latency percentiles are wrk's (with its correction for coordinated omission). A connection that asked for a request when its thread had just
-- run out sends `GET /bench-idle` instead (an unknown page, 404, not counted as a vote); at most
-- one per connection, at the very end. "acknowledged" counts 200 answers that
-- say `recorded`; "busy" counts 503 answers (refused for a busy database); "other" the rest.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock, bench_timespec *tp);
]]
local now_buffer = ffi.new("bench_timespec")
local function now()
  ffi.C.clock_gettime(1, now_buffer) -- CLOCK_MONOTONIC: the same clock in every thread
  return tonumber(now_buffer.tv_sec) + tonumber(now_buffer.tv_nsec) / 1e9
end

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  local file = assert(io.open(args[1], "r"))
  local all = {}
  for line in file:lines() do
    if line ~= "" then table.insert(all, line) end
  end
  file:close()
  motion = args[2]
  out = args[3]
  -- This thread's share (`setup` set `id` before `init` runs).
  stride = tonumber(args[4])
  mine = {}
  for i = id + 1, #all, stride do table.insert(mine, all[i]) end
  next_ticket = 1
  answered = 0
  acknowledged = 0
  busy = 0
  other = 0
  path = "/api/v1/motions/" .. motion .. "/phone-votes"
  headers = { ["Content-Type"] = "application/json" }
end

function delay()
  -- Called before a connection's first request: from here on request() hands out tickets (wrk
  -- also calls request() once before, to check it, and that call must not spend one).
  started = true
  -- Nothing left to send: wait for the other connections' answers (the thread stops then).
  if mine ~= nil and next_ticket > #mine then return 60000 end
  return 0
end

function request()
  -- wrk calls request() once in its main environment, without init(), to check what it returns.
  if not started or next_ticket > #mine then return wrk.format("GET", "/bench-idle") end
  local ticket = mine[next_ticket]
  if first_sent == nil then first_sent = now() end
  local option = (next_ticket % 3 == 0) and "against" or "for"
  next_ticket = next_ticket + 1
  local body = '{"ticket":"' .. ticket .. '","option":"' .. option .. '"}'
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  if status == 404 then return end
  answered = answered + 1
  if status == 200 and string.find(body, '"recorded"', 1, true) then
    acknowledged = acknowledged + 1
  elseif status == 503 then
    busy = busy + 1
  else
    other = other + 1
  end
  if answered == #mine then
    last_answer = now()
    local flag = assert(io.open(out .. ".done." .. id, "w"))
    flag:close()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local acknowledged, busy, other, answers = 0, 0, 0, 0
  local first, last = math.huge, 0
  for _, thread in ipairs(threads) do
    answers = answers + thread:get("answered")
    first = math.min(first, thread:get("first_sent") or math.huge)
    last = math.max(last, thread:get("last_answer") or now())
    acknowledged = acknowledged + thread:get("acknowledged")
    busy = busy + thread:get("busy")
    other = other + thread:get("other")
  end
  local ms = function(us) return string.format("%.1f", us / 1000) end
  local file = assert(io.open(threads[1]:get("out"), "w"))
  file:write(string.format("%d %d %d %s %s %s %s %d %.3f\n", acknowledged, busy, other,
    ms(latency:percentile(50)), ms(latency:percentile(90)), ms(latency:percentile(99)), ms(latency.max),
    answers, last - first))
  file:close()
end
