-- wrk script of deploy/bench/load: replays pre-signed requests, each exactly once, counts the answers, and ends wrk
-- as soon as the last one has arrived, so that wrk's duration is the time the requests took.
--   wrk -t 1 -c CONNECTIONS -d LIMIT -s replay.lua URL -- FILE
-- FILE holds raw HTTP/1.1 requests, each after a line with its length in bytes (io.tdeguard.bench.LoadRequests).
-- One wrk thread serves every connection (an event loop: it costs the machine little), so that its Lua state sees
-- every answer. A connection with nothing left to send sends nothing and waits. done() prints one line of totals and,
-- if any answer was not 200, the first such answer.

local ffi = require("ffi")
ffi.cdef[[
int getpid(void);
int kill(int pid, int sig);
]]
local SIGINT = 2
local thread_of_run

function setup(thread)
   thread_of_run = thread
end

function init(args)
   local file = assert(io.open(args[1], "rb"))
   requests = {}
   while true do
      local length = file:read("*l")
      if not length then
         break
      end
      requests[#requests + 1] = file:read(tonumber(length))
   end
   file:close()
   total = #requests
   sent, answered, ok, failed, first_failure = 0, 0, 0, 0, ""
end

function request()
   if not verified then
      -- wrk calls request() once before the run, to check that the script makes a valid request
      -- (script_verify_request): that one is not sent.
      verified = true
      return requests[1]
   end
   sent = sent + 1
   if sent > total then
      return ""
   end
   return requests[sent]
end

function response(status, headers, body)
   answered = answered + 1
   if status == 200 then
      ok = ok + 1
   else
      failed = failed + 1
      if first_failure == "" then
         first_failure = status .. " " .. body
      end
   end
   if answered == total then
      wrk.thread:stop()
      -- wrk's main thread sleeps for the whole -d duration unless a signal interrupts it: SIGINT, whose handler
      -- also stops every thread. (Not through os.execute: system() ignores SIGINT while its child runs.)
      ffi.C.kill(ffi.C.getpid(), SIGINT)
   end
end

function done(summary, latency, totals)
   local expected, answered_ok = thread_of_run:get("total"), thread_of_run:get("ok")
   local seconds = summary.duration / 1e6
   io.write(string.format("replay expected=%d ok=%d failed=%d seconds=%.3f rate=%.1f p50_ms=%.2f p99_ms=%.2f\n",
      expected, answered_ok, thread_of_run:get("failed"), seconds, answered_ok / seconds,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000))
   local failure = thread_of_run:get("first_failure")
   if failure ~= "" then
      io.write("replay first failure: " .. failure .. "\n")
   end
end
