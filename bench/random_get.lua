-- GET a random key of KEYS (set by run.sh) from PREFIX: /images/ on the server, /files/ on nginx
local count = tonumber(os.getenv("KEYS") or "200")
local prefix = os.getenv("PREFIX") or "/images/"
local method = os.getenv("METHOD") or "GET"
math.randomseed(os.time() + (tonumber(tostring({}):sub(8), 16) or 0))

request = function()
  return wrk.format(method, string.format("%sk%04d", prefix, math.random(0, count - 1)))
end

dofile("bench/report.lua")
