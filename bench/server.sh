# Sourced by the bench scripts: starts ImageCache as ./start.sh does, on $PORT with its data in $WORK.
#   start_imagecache CAPACITY_MB IMAGE_BYTES JAVA_OPTS
# sets server_pid (start.sh), java_pid (the JVM) and base (the server's URL); exits if it does not start.
start_imagecache() {
  local capacity_mb=$1 image_bytes=$2 java_opts=$3
  echo "Starting ImageCache on port $PORT (memcache $capacity_mb MB, $java_opts)..."
  HTTP_PORT=$PORT CACHE_PORT=$((PORT + 100)) DATA_DIR="$WORK/data" CACHE_CAPACITY_MB=$capacity_mb MAX_UPLOAD_MB=$(( image_bytes / 1048576 + 2 )) \
    JAVA_OPTS="$java_opts" ./start.sh > "$WORK/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do
    grep -q "ImageCache is running" "$WORK/server.log" && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
    sleep 1
  done
  java_pid=$(pgrep -f "payara-micro.*--port $PORT" | head -1)
  base="http://127.0.0.1:$PORT"
}
