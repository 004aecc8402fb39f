#!/usr/bin/env bash
# Measures ImageCache side by side with nginx serving the same bytes from disk, in one run on this
# machine, and prints one table whose last column is the ratio to nginx. See bench/README.md.
#
#   bench/run.sh                          # 200 images of 100 KiB, 3 runs of 10 s per scenario
#   BENCH_SIZE=1048576 bench/run.sh       # 1 MiB images
#   BENCH_DURATION=2 BENCH_RUNS=1 bench/run.sh   # a smoke run
set -euo pipefail
cd "$(dirname "$0")/.."

N=${BENCH_IMAGES:-200}
SIZE=${BENCH_SIZE:-102400}
DURATION=${BENCH_DURATION:-10}
RUNS=${BENCH_RUNS:-3}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
PORT=${BENCH_PORT:-18181}
NGINX_PORT=${BENCH_NGINX_PORT:-18182}
FLASK_PORT=${BENCH_FLASK_PORT:-18185}
PHOTO_WIDTH=${BENCH_PHOTO_WIDTH:-2400}
PHOTO_HEIGHT=${BENCH_PHOTO_HEIGHT:-1600}
H2_VERSION=2.2.224 # the H2 inside Payara Micro, which wrote the embedded database
# shellcheck source=bench/server.sh
source bench/server.sh

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v curl >/dev/null || need+=(curl)
command -v python3 >/dev/null || need+=(python3)
# the original's stack from Debian's packages (gunicorn runs on Debian's own python3)
/usr/bin/python3 -c 'import flask' 2>/dev/null || need+=(python3-flask)
[ -x /usr/bin/gunicorn ] || need+=(gunicorn)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]}..."
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/imagecache-bench.XXXXXX")
server_pid=""
nginx_started=""
flask_pid=""
cleanup() {
  [ -n "$nginx_started" ] && "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -s stop 2>/dev/null || true
  if [ -n "$flask_pid" ]; then kill -TERM "$flask_pid" 2>/dev/null || true; wait "$flask_pid" 2>/dev/null || true; fi
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "Preparing $N images of $SIZE bytes..."
python3 bench/make_images.py "$WORK/files" "$N" "$SIZE"
chmod 755 "$WORK" && chmod -R a+rX "$WORK/files"  # nginx workers run as another user
working_set_mb=$(( (N * SIZE + 1048575) / 1048576 ))
capacity_mb=$(( working_set_mb * 2 + 16 ))

start_imagecache "$capacity_mb" "$(( SIZE > PHOTO_WIDTH * PHOTO_HEIGHT ? SIZE : PHOTO_WIDTH * PHOTO_HEIGHT ))" "${BENCH_JAVA_OPTS:--Xmx1g}"

echo "Uploading..."
for f in "$WORK"/files/*; do
  curl -fsS -o /dev/null -F "key=$(basename "$f")" -F "file=@$f" "$base/api/upload"
done

mkdir -p "$WORK/nginx/logs"
cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location /files/ { alias $WORK/files/; default_type image/png; etag on; }
  }
}
CONF
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
nginx_started=1

# The original's stack: Flask under gunicorn (one worker, 8 threads), the same bytes from a dict.
IMAGES_DIR="$WORK/files" /usr/bin/gunicorn -w 1 --threads 8 -b "127.0.0.1:$FLASK_PORT" --chdir "$PWD/bench" \
  flask_app:app > "$WORK/flask.log" 2>&1 &
flask_pid=$!
for _ in $(seq 1 30); do curl -fsS -o /dev/null "http://127.0.0.1:$FLASK_PORT/images/k0000" 2>/dev/null && break; sleep 0.5; done
curl -fsS -o /dev/null "http://127.0.0.1:$FLASK_PORT/images/k0000" || { cat "$WORK/flask.log"; exit 1; }

ticks() { # user+system CPU ticks of the given processes
  local total=0
  for p in "$@"; do
    [ -r "/proc/$p/stat" ] && total=$(( total + $(awk '{print $14 + $15}' "/proc/$p/stat") ))
  done
  echo "$total"
}
rss_mb() { # resident memory of the given processes, MB
  local kb=0
  for p in "$@"; do
    [ -r "/proc/$p/status" ] && kb=$(( kb + $(awk '/VmRSS/ {print $2}' "/proc/$p/status") ))
  done
  echo $(( kb / 1024 ))
}
hz=$(getconf CLK_TCK)

# measure NAME URL SCRIPT PIDS... ; environment for the Lua script is set by the caller, CONN overrides
# the connection count. Every figure of a row comes from its median run by req/s; min-max spans all runs.
results=()
measure() {
  local name=$1 url=$2 script=$3
  shift 3
  local pids=("$@") connections=${CONN:-$CONNECTIONS} runs=() line out before after
  for run in $(seq 1 "$RUNS"); do
    before=$(ticks "${pids[@]}")
    out=$(wrk -t"$THREADS" -c"$connections" -d"${DURATION}s" --timeout 10s -s "bench/$script" "$url")
    after=$(ticks "${pids[@]}")
    line=$(grep '^RESULT' <<<"$out")
    eval "$(sed 's/^RESULT //' <<<"$line")"
    # shellcheck disable=SC2154 # set by eval
    runs+=("$(awk -v r="$requests" -v d="$duration_us" -v b="$bytes" -v p50="$p50_us" -v p99="$p99_us" -v e="$errors" \
      -v t=$(( after - before )) -v hz="$hz" 'BEGIN { s = d / 1e6;
        printf "%.0f|%.1f|%.2f|%.2f|%d|%.0f|%.1f", r / s, b / s / 1048576, p50 / 1000, p99 / 1000, e,
          100 * t / hz / s, (r > 0 ? 1e6 * t / hz / r : 0) }')")
  done
  local sorted median
  sorted=$(printf '%s\n' "${runs[@]}" | sort -t'|' -k1,1n)
  median=$(sed -n "$(( (RUNS + 1) / 2 ))p" <<<"$sorted")
  results+=("$name|$connections|$median|$(head -1 <<<"$sorted" | cut -d'|' -f1)-$(tail -1 <<<"$sorted" | cut -d'|' -f1)|$(rss_mb "${pids[@]}")")
  echo "  $name, $connections connections: $(cut -d'|' -f1 <<<"$median") req/s"
}

nginx_pids=($(pgrep -f "nginx: worker process" | tr '\n' ' '))

echo "Warming up the JVM..."
# the JIT needs about two minutes of load on 2 cores before the figures settle (hits still rose ~50 %
# between the first and the third minute; bench/README.md)
KEYS=$N PREFIX=/images/ wrk -t2 -c32 -d"${BENCH_WARMUP:-120}s" -s bench/random_get.lua "$base" >/dev/null
KEYS=$N PREFIX=/api/key/ METHOD=POST wrk -t2 -c32 -d"$(( ${BENCH_WARMUP:-120} / 2 ))s" -s bench/random_get.lua "$base" >/dev/null

echo "Measuring ($RUNS runs of ${DURATION}s each, $THREADS threads, $CONNECTIONS connections)..."
export KEYS=$N
PREFIX=/files/ measure "nginx, same files from disk" "http://127.0.0.1:$NGINX_PORT" random_get.lua "${nginx_pids[@]}"
flask_pids=("$flask_pid" $(pgrep -P "$flask_pid" | tr '\n' ' '))
PREFIX=/images/ measure "Flask + gunicorn, hits from a dict (the original's stack)" "http://127.0.0.1:$FLASK_PORT" random_get.lua "${flask_pids[@]}"
PREFIX=/images/ measure "GET /images/{key}, memcache hits" "$base" random_get.lua "$java_pid"
CONN=256 PREFIX=/images/ measure "GET /images/{key}, memcache hits" "$base" random_get.lua "$java_pid"
CONN=1000 PREFIX=/images/ measure "GET /images/{key}, memcache hits" "$base" random_get.lua "$java_pid"
# the cache WAR's own entry read: one HTTP exchange, no front end (what a hit costs at the least)
for f in "$WORK"/files/*; do
  printf '/cache/api/entries/%s\n' "$(basename "$f" | tr -d '\n' | base64 | tr '+/' '-_' | tr -d '=')"
done > "$WORK/cache-paths"
PATHS="$WORK/cache-paths" measure "cache WAR entry read alone (one exchange)" "$base" random_get.lua "$java_pid"
PREFIX=/api/key/ METHOD=POST measure "POST /api/key/{key}, base64 JSON" "$base" random_get.lua "$java_pid"
for f in "$WORK"/files/*; do sha256sum "$f" | cut -d' ' -f1; done > "$WORK/etags"
ETAGS="$WORK/etags" PREFIX=/images/ measure "GET /images/{key}, If-None-Match (304)" "$base" random_get.lua "$java_pid"
small=$(( working_set_mb / 4 > 0 ? working_set_mb / 4 : 1 ))
curl -fsS -o /dev/null -d "capacityMB=$small" -d policy=LRU "$base/api/cache/config"
PREFIX=/images/ measure "GET /images/{key}, miss-heavy (${small} MB memcache)" "$base" random_get.lua "$java_pid"
curl -fsS -o /dev/null -d "capacityMB=$capacity_mb" "$base/api/cache/config"
UPLOAD_DIR="$WORK/files" KEYS=50 measure "POST /api/upload, 50 keys, 50 images" "$base" upload.lua "$java_pid"
# photo uploads: these decode, so each gets a thumbnail made at upload (the random PNGs above do not
# decode: their thumbnail is a placeholder); measured again below on a server with thumbnails off
echo "Preparing 50 photos of ${PHOTO_WIDTH}x${PHOTO_HEIGHT}..."
java bench/MakePhotos.java "$WORK/photos" 50 "$PHOTO_WIDTH" "$PHOTO_HEIGHT"
photo_mp=$(awk -v w="$PHOTO_WIDTH" -v h="$PHOTO_HEIGHT" 'BEGIN {printf "%.1f", w * h / 1e6}')
UPLOAD_DIR="$WORK/photos" KEYS=50 wrk -t2 -c8 -d"$(( ${BENCH_WARMUP:-120} / 6 + 1 ))s" -s bench/upload.lua "$base" >/dev/null
CONN=8 UPLOAD_DIR="$WORK/photos" KEYS=50 measure "POST /api/upload, ${photo_mp} MP JPEG photos, thumbnails made" "$base" upload.lua "$java_pid"

# The same server's data with 100,000 keys more (written into its embedded database while it is
# stopped), restarted with thumbnails and the hit-rate curve off: uploads without thumbnails,
# completing keys among many, and hits without the curve's sampling (a hit reads no database row).
echo "Restarting with 100,000 keys, THUMBNAILS_AT_UPLOAD=false and CACHE_CURVE_SAMPLING_RATE=0..."
kill -TERM "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
h2_jar="$HOME/.m2/repository/com/h2database/h2/$H2_VERSION/h2-$H2_VERSION.jar"
[ -f "$h2_jar" ] || mvn -B -q dependency:get -Dartifact="com.h2database:h2:$H2_VERSION" >/dev/null
words="beach forest mountain city river sunset garden winter desert harbor canyon meadow island bridge temple market"
word_case="CASE MOD(r.n, 16)$(i=0; for w in $words; do printf " WHEN %d THEN '%s'" $i "$w"; i=$((i + 1)); done) END"
inserted=$(java -cp "$h2_jar" org.h2.tools.Shell -url "jdbc:h2:file:$WORK/data/db/imagecache;MODE=MySQL;DATABASE_TO_LOWER=TRUE" \
  -user imagecache -password imagecache -sql "INSERT INTO image (image_key, key_folded, path, bytes, content_type, sha256,
    width, height, created_at, updated_at) SELECT CONCAT($word_case, '-', r.n), CONCAT($word_case, '-', r.n), i.path, i.bytes,
    i.content_type, i.sha256, i.width, i.height, i.created_at, i.updated_at
    FROM (SELECT \"X\" AS n FROM SYSTEM_RANGE(1, 100000)) r CROSS JOIN (SELECT * FROM image WHERE image_key = 'k0000') i")
grep -q "Update count: 100000" <<<"$inserted" || { echo "Keys not written: $inserted"; exit 1; }
export THUMBNAILS_AT_UPLOAD=false CACHE_CURVE_SAMPLING_RATE=0
start_imagecache "$capacity_mb" "$(( PHOTO_WIDTH * PHOTO_HEIGHT ))" "${BENCH_JAVA_OPTS:--Xmx1g}"
unset THUMBNAILS_AT_UPLOAD CACHE_CURVE_SAMPLING_RATE
[ "$(curl -fsS "$base/api/cache/stats" | grep -o '"curve":\[\]')" != "" ] || { echo "the curve is not off"; exit 1; }
# the same warm-up as the first server's hits had
KEYS=$N PREFIX=/images/ wrk -t2 -c32 -d"${BENCH_WARMUP:-120}s" -s bench/random_get.lua "$base" >/dev/null
PREFIX=/images/ measure "GET /images/{key}, memcache hits, hit-rate curve off" "$base" random_get.lua "$java_pid"
[ "$(curl -fsS "$base/api/suggest?prefix=bea&limit=1" | grep -o 'beach-[0-9]*' | head -1)" != "" ] || { echo "no keys to complete"; exit 1; }
wrk -t2 -c8 -d"$(( ${BENCH_WARMUP:-120} / 6 + 1 ))s" -s bench/suggest.lua "$base" >/dev/null
UPLOAD_DIR="$WORK/photos" KEYS=50 wrk -t2 -c8 -d"$(( ${BENCH_WARMUP:-120} / 6 + 1 ))s" -s bench/upload.lua "$base" >/dev/null
CONN=8 UPLOAD_DIR="$WORK/photos" KEYS=50 measure "POST /api/upload, ${photo_mp} MP JPEG photos, thumbnails off" "$base" upload.lua "$java_pid"
measure "GET /api/suggest, 3 letters, 100,000 keys" "$base" suggest.lua "$java_pid"

nginx_rate=$(cut -d'|' -f3 <<<"${results[0]}")
flask_rate=$(cut -d'|' -f3 <<<"${results[1]}")
hits_rate=$(cut -d'|' -f3 <<<"${results[2]}")
echo
echo "ImageCache benchmark, $(date -u +%Y-%m-%d), $(nproc) cores, $N images of $SIZE bytes, wrk -t$THREADS, ${RUNS}x${DURATION}s"
echo "(each row's figures are those of its median run; CPU: the server's processes, both cores = 200 %)"
printf '%-58s %5s %8s %15s %8s %8s %8s %6s %5s %9s %6s %8s\n' scenario conns "req/s" "min-max" "MB/s" "p50 ms" "p99 ms" \
  errors "CPU%" "CPU ms/1k" "RSS MB" "vs nginx"
for r in "${results[@]}"; do
  IFS='|' read -r name connections rate mbps p50 p99 errors cpu cpu_per_k range rss <<<"$r"
  ratio=$(awk -v a="$rate" -v b="$nginx_rate" 'BEGIN {printf "%.2f", a / b}')
  printf '%-58s %5s %8s %15s %8s %8s %8s %6s %5s %9s %6s %8s\n' "$name" "$connections" "$rate" "$range" "$mbps" "$p50" "$p99" \
    "$errors" "$cpu" "$cpu_per_k" "$rss" "$ratio"
done
awk -v a="$hits_rate" -v b="$flask_rate" 'BEGIN {printf "memcache hits vs the original'"'"'s stack (Flask): %.2fx\n", a / b}'
with_thumbs=$(printf '%s\n' "${results[@]}" | grep 'thumbnails made' | cut -d'|' -f3)
without_thumbs=$(printf '%s\n' "${results[@]}" | grep 'thumbnails off' | cut -d'|' -f3)
awk -v a="$with_thumbs" -v b="$without_thumbs" 'BEGIN {printf "photo uploads with thumbnails made vs without: %.2fx\n", a / b}'
curve_off=$(printf '%s\n' "${results[@]}" | grep 'hit-rate curve off' | cut -d'|' -f3)
awk -v a="$hits_rate" -v b="$curve_off" 'BEGIN {printf "memcache hits with the hit-rate curve sampling (default) vs off: %.3fx\n", a / b}'
