-- GET a random key of KEYS (set by run.sh) from PREFIX: /images/ on the server, /files/ on nginx
local count = tonumber(os.getenv("KEYS") or "200")
local prefix = os.getenv("PREFIX") or "/images/"
local method = os.getenv("METHOD") or "GET"
math.randomseed(os.time() + (tonumber(tostring({}):sub(8), 16) or 0))

request = function()
  return wrk.format(method, string.format("%sk%04d", prefix, math.random(0, count - 1)))
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT requests=%d duration_us=%d bytes=%d p50_us=%d p99_us=%d errors=%d\n",
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(99), errors))
end
