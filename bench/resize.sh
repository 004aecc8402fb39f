#!/usr/bin/env bash
# The memcache pool's hit rate while it grows 2 -> 3 cache nodes and shrinks back, under a steady Zipf
# read load: starts a pool as start.sh does (two cache nodes, one front end, nginx) on MariaDB,
# uploads BENCH_KEYS small images, then runs bench/ResizeRun.java, which prints the hit rate, p99
# and failed reads per second and the dip and recovery around each change; once with the handoff
# of moved partitions' items (CACHE_HANDOFF=true, the default) and once without. See bench/README.md.
#
#   bench/resize.sh                                  # 2,000 keys, 8 readers, Zipf 0.8, 30 s steady
#   BENCH_KEYS=500 BENCH_STEADY=15 bench/resize.sh   # a quick look
#   BENCH_HANDOFF=off bench/resize.sh                # one mode only (default: on, then off)
#
# The database: BENCH_DB_URL (default: database imagecache_test_resize on 127.0.0.1:3306, user
# imagecache/imagecache, as the tests use), emptied first.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${BENCH_PORT:-18391}
TOKEN=resize-bench
DB_NAME=imagecache_test_resize
export DB_URL=${BENCH_DB_URL:-jdbc:mysql://127.0.0.1:3306/$DB_NAME}
export DB_USER=${BENCH_DB_USER:-imagecache} DB_PASSWORD=${BENCH_DB_PASSWORD:-imagecache}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/imagecache-resize.XXXXXX")
pool_pid=""
cleanup() {
  if [ -n "$pool_pid" ]; then kill -TERM "$pool_pid" 2>/dev/null || true; wait "$pool_pid" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# run MODE: a fresh pool and database, the load, the grow and the shrink; MODE is on or off (CACHE_HANDOFF)
run() {
  local mode=$1 handoff=true
  [ "$mode" = off ] && handoff=false
  if [ -z "${BENCH_DB_URL:-}" ]; then
    mysql -h127.0.0.1 -u"$DB_USER" -p"$DB_PASSWORD" \
      -e "DROP DATABASE IF EXISTS $DB_NAME; CREATE DATABASE $DB_NAME CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
  fi
  rm -rf "$WORK/data"
  echo "Starting a pool of 2 cache nodes and 1 front end on port $PORT, handoff $mode..." >&2
  HTTP_PORT=$PORT GRID_PORT=$((PORT + 1000)) CLUSTER_NAME="resize-bench-$PORT" CACHE_NODES=2 FRONT_ENDS=1 \
    CACHE_HANDOFF=$handoff DATA_DIR="$WORK/data" ADMIN_TOKEN=$TOKEN JAVA_OPTS="${BENCH_JAVA_OPTS:--Xmx256m}" \
    ./start.sh > "$WORK/pool.log" 2>&1 &
  pool_pid=$!
  for _ in $(seq 1 400); do
    grep -q "ImageCache pool" "$WORK/pool.log" && break
    kill -0 "$pool_pid" 2>/dev/null || { cat "$WORK/pool.log" >&2; exit 1; }
    sleep 1
  done
  grep -q "ImageCache pool" "$WORK/pool.log" || { cat "$WORK/pool.log" >&2; exit 1; }
  echo "Uploading ${BENCH_KEYS:-2000} images, then reading; grow, then shrink..." >&2
  echo "### Handoff $mode"
  echo
  java bench/ResizeRun.java "http://127.0.0.1:$PORT" "$TOKEN" "${BENCH_KEYS:-2000}" "${BENCH_READERS:-8}" \
    "${BENCH_STEADY:-30}" "${BENCH_SKEW:-0.8}"
  echo
  kill -TERM "$pool_pid"
  wait "$pool_pid" || true
  pool_pid=""
}

for mode in ${BENCH_HANDOFF:-on off}; do
  run "$mode"
done
