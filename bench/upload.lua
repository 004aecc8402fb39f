-- POST /api/upload of a random one of the prepared images (UPLOAD_DIR, the first KEYS files) under
-- a random key of KEYS: different keys, mostly different content, as users upload
local count = tonumber(os.getenv("KEYS") or "50")
local dir = os.getenv("UPLOAD_DIR")
local images = {}
local names = io.popen('ls "' .. dir .. '" | head -n ' .. count)
for name in names:lines() do
  local file = io.open(dir .. "/" .. name, "rb")
  images[#images + 1] = file:read("*a")
  file:close()
end
names:close()
local boundary = "----imagecachebench"
math.randomseed(os.time())

request = function()
  local key = string.format("up%04d", math.random(0, count - 1))
  local image = images[math.random(1, #images)]
  local body = "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\n" .. key .. "\r\n"
      .. "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.png\"\r\n"
      .. "Content-Type: image/png\r\n\r\n" .. image .. "\r\n--" .. boundary .. "--\r\n"
  return wrk.format("POST", "/api/upload", {["Content-Type"] = "multipart/form-data; boundary=" .. boundary}, body)
end

dofile("bench/report.lua")
