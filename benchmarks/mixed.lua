-- R8's mixed load: 9 reads (HTML pages and ++api++) for each parent sign-off.
-- Reads come from BENCH_READS ("|"-separated paths); a sign-off POSTs the parent
-- form at BENCH_FORM with BENCH_FORM_BODY and a fixed CSRF cookie/token pair, a
-- new e-mail address and child each time. done() prints the counts by outcome:
-- 200 = a read, 302 = a sign-off recorded (the form redirects), anything else is
-- an error.

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  reads = {}
  for path in string.gmatch(os.getenv("BENCH_READS"), "[^|]+") do
    table.insert(reads, path)
  end
  form = os.getenv("BENCH_FORM")
  form_body = os.getenv("BENCH_FORM_BODY")
  token = os.getenv("BENCH_CSRF")
  -- No sign-off is sent in the last seconds, so every one sent is answered
  -- before wrk stops counting (rows must equal the 302s counted).
  post_until = os.time() + tonumber(os.getenv("BENCH_POST_SECONDS"))
  n = 0
  read_ok = 0
  signoff_ok = 0
  bad = 0
end

function request()
  n = n + 1
  if n % 10 == 0 and os.time() < post_until then
    local who = id .. "x" .. n
    local body = form_body .. "&email=p" .. who .. "%40example.org&child_name=Kind+" .. who
    return wrk.format("POST", form, {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Cookie"] = "csrftoken=" .. token,
    }, body)
  end
  return wrk.format("GET", reads[(n % #reads) + 1])
end

function response(status, headers, body)
  if status == 200 then
    read_ok = read_ok + 1
  elseif status == 302 then
    signoff_ok = signoff_ok + 1
  else
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local reads_done, signoffs, errors = 0, 0, 0
  for _, thread in ipairs(threads) do
    reads_done = reads_done + thread:get("read_ok")
    signoffs = signoffs + thread:get("signoff_ok")
    errors = errors + thread:get("bad")
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d reads=%d signoffs=%d bad_status=%d socket_errors=%d p95_ms=%.1f seconds=%.2f\n",
    summary.requests, reads_done, signoffs, errors,
    e.connect + e.read + e.write + e.timeout, latency:percentile(95) / 1000,
    summary.duration / 1e6))
end
