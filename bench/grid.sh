#!/usr/bin/env bash
# What it costs a plain ./start.sh to be a pool of one that can grow (CACHE_GRID=true, the default)
# rather than a server that cannot (CACHE_GRID=false): boot time, hits/s and uploads/s, each mode
# started BENCH_RUNS times in turn on the same machine, and printed as a ratio to CACHE_GRID=false.
# See bench/README.md, "A pool of one".
#
#   bench/grid.sh                                     # 3 starts per mode, 10 s per measurement
#   BENCH_RUNS=1 BENCH_DURATION=2 bench/grid.sh       # a smoke run
set -euo pipefail
cd "$(dirname "$0")/.."

N=${BENCH_IMAGES:-200}
SIZE=${BENCH_SIZE:-102400}
DURATION=${BENCH_DURATION:-10}
RUNS=${BENCH_RUNS:-3}
PORT=${BENCH_PORT:-18281}
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/imagecache-grid.XXXXXX")
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

python3 bench/make_images.py "$WORK/files" "$N" "$SIZE"
capacity_mb=$(( (N * SIZE + 1048575) / 1048576 * 2 + 16 ))
# the build, if one is due (as start.sh judges it), is not part of a boot
if [ ! -f cache-war/target/cache.war ] || [ ! -f frontend-war/target/frontend.war ] \
   || [ -n "$(find pom.xml cache-war/pom.xml frontend-war/pom.xml cache-war/src/main frontend-war/src/main db \
                -newer frontend-war/target/frontend.war -type f -print -quit)" ]; then
  mvn -B -q -DskipTests package
fi

# rate SCRIPT: requests per second of one wrk run against the server
rate() {
  local out
  out=$(wrk -t2 -c"${2:-32}" -d"${DURATION}s" --timeout 10s -s "bench/$1" "http://127.0.0.1:$PORT")
  sed -n 's/^RESULT //p' <<<"$out" | awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    printf "%.0f", v["requests"] / (v["duration_us"] / 1e6) }'
}

# one MODE: start a fresh server, time its boot, upload, warm up, measure hits and uploads
one() {
  local mode=$1 started booted
  rm -rf "$WORK/data"
  started=$(date +%s%N)
  HTTP_PORT=$PORT CACHE_PORT=$((PORT + 100)) DATA_DIR="$WORK/data" CACHE_CAPACITY_MB=$capacity_mb CACHE_GRID=$mode \
    JAVA_OPTS="${BENCH_JAVA_OPTS:--Xmx1g}" ./start.sh > "$WORK/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 3000); do
    grep -q "ImageCache is running" "$WORK/server.log" && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
    sleep 0.1
  done
  booted=$(date +%s%N)
  for f in "$WORK"/files/*; do
    curl -fsS -o /dev/null -F "key=$(basename "$f")" -F "file=@$f" "http://127.0.0.1:$PORT/api/upload"
  done
  KEYS=$N PREFIX=/images/ wrk -t2 -c32 -d"${BENCH_WARMUP:-20}s" -s bench/random_get.lua "http://127.0.0.1:$PORT" >/dev/null
  local hits uploads
  hits=$(KEYS=$N PREFIX=/images/ rate random_get.lua)
  uploads=$(UPLOAD_DIR="$WORK/files" KEYS=50 rate upload.lua 8)
  echo "$mode $(( (booted - started) / 1000000 )) $hits $uploads"
  kill -TERM "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

echo "Starting each mode $RUNS times in turn ($N images of $SIZE bytes, $DURATION s per measurement)..." >&2
for run in $(seq 1 "$RUNS"); do
  for mode in false true; do
    echo "  run $run, CACHE_GRID=$mode" >&2
    one "$mode" >> "$WORK/results"
  done
done

echo
echo "| CACHE_GRID | boot (ms, median, min-max) | hits/s (median, min-max) | uploads/s (median, min-max) |"
echo "|---|---:|---:|---:|"
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
spread() { sort -n | awk '{ a[NR] = $1 } END { printf "%s (%s-%s)", a[int((NR + 1) / 2)], a[1], a[NR] }'; }
for mode in false true; do
  boot=$(awk -v m="$mode" '$1 == m { print $2 }' "$WORK/results" | median)
  hits=$(awk -v m="$mode" '$1 == m { print $3 }' "$WORK/results" | median)
  ups=$(awk -v m="$mode" '$1 == m { print $4 }' "$WORK/results" | median)
  echo "| $mode | $(awk -v m="$mode" '$1 == m { print $2 }' "$WORK/results" | spread)" \
    "| $(awk -v m="$mode" '$1 == m { print $3 }' "$WORK/results" | spread)" \
    "| $(awk -v m="$mode" '$1 == m { print $4 }' "$WORK/results" | spread) |"
  eval "boot_$mode=$boot hits_$mode=$hits ups_$mode=$ups"
done
# shellcheck disable=SC2154 # set by eval
awk -v b1="$boot_true" -v b0="$boot_false" -v h1="$hits_true" -v h0="$hits_false" -v u1="$ups_true" -v u0="$ups_false" \
  'BEGIN { printf "| pool of one vs CACHE_GRID=false | %.2f | %.2f | %.2f |\n", b1 / b0, h1 / h0, u1 / u0 }'
