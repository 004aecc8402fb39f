-- POST /api/upload of one of the prepared images under a random key of KEYS
local count = tonumber(os.getenv("KEYS") or "200")
local file = io.open(os.getenv("UPLOAD_FILE"), "rb")
local image = file:read("*a")
file:close()
local boundary = "----imagecachebench"
math.randomseed(os.time())

request = function()
  local key = string.format("up%04d", math.random(0, count - 1))
  local body = "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\n" .. key .. "\r\n"
      .. "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.png\"\r\n"
      .. "Content-Type: image/png\r\n\r\n" .. image .. "\r\n--" .. boundary .. "--\r\n"
  return wrk.format("POST", "/api/upload", {["Content-Type"] = "multipart/form-data; boundary=" .. boundary}, body)
end

dofile("bench/report.lua")
