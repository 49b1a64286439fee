-- wrk: a mixed read/write load. Each request is drawn at random: get a statement by id, list a speaker's
-- statements, a full-text search of one or two words, or (with credentials) record a new statement with a text
-- no other request uses. Optionally paced to a total rate.
--
--   MIX_IDS=ids.txt MIX_SPEAKERS=speakers.txt wrk -t1 -c8 -d30s -s bench/mixed.lua http://127.0.0.1:8080
--
-- MIX_IDS, MIX_SPEAKERS  files of statement and speaker ids, one a line (bench/generate.py writes both)
-- MIX_AUTH               base64 of "user:password" of an editor; without it, no writes
-- MIX_SPEAKER_ID, MIX_EVENT_ID  the speaker and event of the statements written
-- MIX_WRITES             percentage of writes (default 10); the reads share the rest 40:20:30 (get, list, search)
-- MIX_RATE               total requests per second to hold (default: as fast as the service answers)
-- MIX_THREADS            wrk's -t, which the rate is divided by (default 1)
-- At the end it prints "status <code> <count>" for every status answered, for scripts to read.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } mix_timespec;
int clock_gettime(int clock_id, mix_timespec *tp);
]]
local timespec = ffi.new("mix_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, timespec) -- CLOCK_MONOTONIC
  return tonumber(timespec.tv_sec) * 1000 + tonumber(timespec.tv_nsec) / 1e6
end

-- Every thread's script, and the main one, draws differently in each run.
math.randomseed(math.floor(now_ms() * 1000) % 2147483647)

local function lines(file)
  local t = {}
  if file and file ~= "" then
    for line in io.lines(file) do
      if line ~= "" then t[#t + 1] = line end
    end
  end
  return t
end

local ids = lines(os.getenv("MIX_IDS"))
local speakers = lines(os.getenv("MIX_SPEAKERS"))
local auth = os.getenv("MIX_AUTH") or ""
local speaker_id = os.getenv("MIX_SPEAKER_ID")
local event_id = os.getenv("MIX_EVENT_ID")
local writes = auth ~= "" and tonumber(os.getenv("MIX_WRITES") or "10") or 0
local rate = tonumber(os.getenv("MIX_RATE") or "0")
local threads = tonumber(os.getenv("MIX_THREADS") or "1")
local words = { "ceasefire", "peace", "sanctions", "energy", "security", "trade", "defence", "aid", "elections",
  "border", "troops", "crisis", "summit", "minister", "talks", "allies" }

-- Each thread numbers its writes; the thread's own number and a random part keep texts apart across runs.
-- setup() runs in the main script, once per thread, and sets `tag` in that thread's script.
local counter = 0
tag = "t"
local all_threads = {}
function setup(thread)
  all_threads[#all_threads + 1] = thread
  thread:set("tag", "t" .. #all_threads .. "r" .. math.random(1e9))
end

function init(args)
  statuses = {}
end

local read_share = 100 - writes

request = function()
  local roll = math.random() * 100
  if roll < writes then
    counter = counter + 1
    local text = "Soak " .. tag .. "x" .. counter .. " " .. words[math.random(#words)] .. " "
        .. words[math.random(#words)] .. " " .. words[math.random(#words)]
    local body = '{"text":"' .. text .. '","kind":"QUOTE","speakerId":"' .. speaker_id
        .. '","statedOn":"2025-05-12","eventId":"' .. event_id .. '","sources":[{"publisher":"Soak Wire"}]}'
    return wrk.format("POST", "/api/v1/statements",
      { ["Content-Type"] = "application/json", ["Authorization"] = "Basic " .. auth }, body)
  end
  local r = (roll - writes) / read_share * 90
  if r < 40 and #ids > 0 then
    return wrk.format("GET", "/api/v1/statements/" .. ids[math.random(#ids)])
  elseif r < 60 and #speakers > 0 then
    return wrk.format("GET", "/api/v1/statements?speakerId=" .. speakers[math.random(#speakers)])
  end
  local q = words[math.random(#words)]
  if math.random() < 0.5 then q = q .. "+" .. words[math.random(#words)] end
  return wrk.format("GET", "/api/v1/statements?q=" .. q)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

if rate > 0 then
  -- Requests are given evenly spaced slots at the thread's share of the rate; a connection waits for the next
  -- free slot. Slots missed by more than a second are dropped rather than caught up in a burst.
  local interval = 1000 * threads / rate
  local next_slot = nil
  function delay()
    local now = now_ms()
    if next_slot == nil or next_slot < now - 1000 then next_slot = now end
    local slot = next_slot
    next_slot = next_slot + interval
    return math.max(0, slot - now)
  end
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(all_threads) do
    for code, n in pairs(thread:get("statuses") or {}) do total[code] = (total[code] or 0) + n end
  end
  for code, n in pairs(total) do io.write(string.format("status %d %d\n", code, n)) end
end

