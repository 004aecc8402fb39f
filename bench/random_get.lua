-- GET a random key of KEYS (set by run.sh) from PREFIX: /images/ on the server, /files/ on nginx.
-- With ETAGS (a file of one content hash per line, key order), every request revalidates:
-- If-None-Match carries the key's current tag, so the answer is a 304 without the bytes.
local count = tonumber(os.getenv("KEYS") or "200")
local prefix = os.getenv("PREFIX") or "/images/"
local method = os.getenv("METHOD") or "GET"
local etags = nil
if os.getenv("ETAGS") then
  etags = {}
  for line in io.lines(os.getenv("ETAGS")) do
    etags[#etags + 1] = '"' .. line .. '"'
  end
end
-- With PATHS (a file of one path per line, key order), those paths are requested instead.
local paths = nil
if os.getenv("PATHS") then
  paths = {}
  for line in io.lines(os.getenv("PATHS")) do
    paths[#paths + 1] = line
  end
end
math.randomseed(os.time() + (tonumber(tostring({}):sub(8), 16) or 0))

request = function()
  local i = math.random(0, count - 1)
  local headers = etags and {["If-None-Match"] = etags[i + 1]} or nil
  local path = paths and paths[i + 1] or string.format("%sk%04d", prefix, i)
  return wrk.format(method, path, headers)
end

dofile("bench/report.lua")
