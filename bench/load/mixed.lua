-- wrk script of the load bench: many employees with real tokens, one request mix per wrk process.
--   wrk ... -s mixed.lua <url> -- <users file> <commands|reads> <today YYYY-MM-DD> <result id> <tag>
-- users file: one line per staff member, "nip staffToken supervisorToken".
-- commands: employees file daily reports on today (with an Idempotency-Key), and one time in three a
--   supervisor answers a report this thread filed at least LAG requests earlier.
-- reads: half the inbox (of a staff member or a supervisor), half the directory (a name search).
-- floor: the stack's floor (bench/load/floor.ts): one employee of the directory by NIP, no token.
-- done() prints one JSON line: requests, seconds, latency percentiles (ms) and answers by status class.

local LAG = 400
local threads = {}
local users, mode, today, month, resultId, tag
local n, counter = 0, 0
local filed, head, tail = {}, 1, 0
-- globals: wrk reads them per thread (thread:get) in done()
s2, s4, s5, other = 0, 0, 0, 0
tid = tid or 0

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init(args)
  users = {}
  for line in io.lines(args[1]) do
    local nip, staff, sup = line:match("(%S+) (%S+) (%S+)")
    users[#users + 1] = { nip, staff, sup }
  end
  n = #users
  mode, today, resultId, tag = args[2], args[3], args[4], args[5]
  month = today:sub(1, 7)
  -- The tag in the seed too: wrk processes started in the same second draw different users.
  local salt = 0
  for i = 1, #tag do salt = (salt * 31 + tag:byte(i)) % 1000003 end
  math.randomseed(tid * 7919 + salt * 104729 + os.time())
end

local function user() return users[math.random(n)] end

local function json(h) return { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. h } end

function request()
  counter = counter + 1
  if mode == "commands" then
    if counter % 3 == 0 and tail - head >= LAG then
      local r = filed[head]
      filed[head] = nil
      head = head + 1
      local h = json(r[3])
      return wrk.format("POST", "/api/v1/daily-reports/" .. r[1] .. "/" .. month .. "/" .. r[2] .. "/answer", h, '{"kind":"ACKNOWLEDGED"}')
    end
    local u = user()
    local id = "LH-" .. tag .. "-" .. tid .. "-" .. counter
    tail = tail + 1
    filed[tail] = { u[1], id, u[3] }
    local h = json(u[2])
    h["Idempotency-Key"] = id
    return wrk.format("POST", "/api/v1/daily-reports/" .. u[1], h,
      '{"reportId":"' .. id .. '","date":"' .. today .. '","durationMinutes":60,"resultId":"' .. resultId ..
      '","output":"Menyusun laporan layanan harian"}')
  end
  local u = user()
  if mode == "floor" then return wrk.format("GET", "/floor/" .. u[1]) end
  if counter % 2 == 0 then
    return wrk.format("GET", "/api/v1/inbox", { ["Authorization"] = "Bearer " .. (counter % 4 == 0 and u[3] or u[2]) })
  end
  return wrk.format("GET", "/api/v1/employees?q=Beban%20" .. math.random(99) .. "&pageSize=20", { ["Authorization"] = "Bearer " .. u[2] })
end

function response(status, headers, body)
  if status >= 200 and status < 300 then s2 = s2 + 1
  elseif status >= 500 then s5 = s5 + 1
  elseif status >= 400 then
    s4 = s4 + 1
    if s4 <= 3 then io.stderr:write("wrk " .. mode .. " " .. status .. ": " .. body:sub(1, 300) .. "\n") end
  else other = other + 1 end
end

function done(summary, latency, requests)
  local c2, c4, c5, co = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    c2 = c2 + t:get("s2"); c4 = c4 + t:get("s4"); c5 = c5 + t:get("s5"); co = co + t:get("other")
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"seconds":%.3f,"p50":%.3f,"p95":%.3f,"p99":%.3f,"max":%.3f,"s2xx":%d,"s4xx":%d,"s5xx":%d,"other":%d,"socket":%d,"timeout":%d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, c2, c4, c5, co,
    e.connect + e.read + e.write, e.timeout))
end
