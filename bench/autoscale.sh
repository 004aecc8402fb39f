#!/usr/bin/env bash
# The auto-scaler under a load that rises and falls, in both rules: for each of threshold and target,
# starts a plain server as start.sh does (a pool of one that starts cache nodes itself, up to
# POOL_MAX_NODES=4, 1 MB a node) on MariaDB, then runs bench/AutoscaleRun.java: a working set that
# grows from a tenth of BENCH_KEYS images to all of them by the middle of BENCH_MINUTES and falls back.
# Prints for each rule the changes of size, the time the miss rate spent above maxMiss and the
# node-minutes used, and draws docs/autoscale.png (working set, miss rate and nodes over time).
#
#   bench/autoscale.sh                               # 10 minutes a rule, 100 images of 50 kB
#   BENCH_MINUTES=4 BENCH_RULES=target bench/autoscale.sh
#
# The auto-scaler decides every 10 s here (AUTOSCALE_INTERVAL_S; 60 by default), with a cool-down of
# 30 s and a window of 60 s, so that ten minutes hold as many decisions as an hour would.
# The database: BENCH_DB_URL (default: database imagecache_test_autoscale on 127.0.0.1:3306, user
# imagecache/imagecache, as the tests use), emptied first.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${BENCH_PORT:-18491}
TOKEN=autoscale-bench
DB_NAME=imagecache_test_autoscale
MAX_NODES=4
TARGET_HIT=${BENCH_TARGET_HIT:-0.7}
MAX_MISS=${BENCH_MAX_MISS:-0.3}
MIN_MISS=${BENCH_MIN_MISS:-0.1}
export DB_URL=${BENCH_DB_URL:-jdbc:mysql://127.0.0.1:3306/$DB_NAME}
export DB_USER=${BENCH_DB_USER:-imagecache} DB_PASSWORD=${BENCH_DB_PASSWORD:-imagecache}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/imagecache-autoscale.XXXXXX")
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

[ -f frontend-war/target/frontend.war ] || mvn -B -q -DskipTests package

# run RULE: a fresh server and database, the load, the figures
run() {
  local rule=$1
  if [ -z "${BENCH_DB_URL:-}" ]; then
    mysql -h127.0.0.1 -u"$DB_USER" -p"$DB_PASSWORD" \
      -e "DROP DATABASE IF EXISTS $DB_NAME; CREATE DATABASE $DB_NAME CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
  fi
  rm -rf "$WORK/data"
  echo "Starting a server on port $PORT (rule $rule)..." >&2
  HTTP_PORT=$PORT CLUSTER_NAME="autoscale-bench-$PORT" POOL_MAX_NODES=$MAX_NODES \
    AUTOSCALE_INTERVAL_S=10 AUTOSCALE_COOLDOWN_S=30 AUTOSCALE_WINDOW_S=60 \
    DATA_DIR="$WORK/data" ADMIN_TOKEN=$TOKEN JAVA_OPTS="${BENCH_JAVA_OPTS:--Xmx256m}" \
    ./start.sh > "$WORK/server-$rule.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$PORT/api/cache/pool" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$WORK/server-$rule.log" >&2; exit 1; }
    sleep 1
  done
  echo "Uploading ${BENCH_KEYS:-100} images, then reading for ${BENCH_MINUTES:-10} minutes..." >&2
  java bench/AutoscaleRun.java run "http://127.0.0.1:$PORT" "$TOKEN" "$rule" "${BENCH_MINUTES:-10}" \
    "${BENCH_KEYS:-100}" "${BENCH_IMAGE_KB:-50}" "${BENCH_READERS:-4}" "$TARGET_HIT" "$MAX_MISS" "$MIN_MISS" \
    "$WORK/$rule.csv"
  curl -fs "http://127.0.0.1:$PORT/api/cache/pool/decisions" > "$WORK/$rule-decisions.json" || true
  kill -TERM "$server_pid"
  wait "$server_pid" || true
  server_pid=""
}

echo "targetHit $TARGET_HIT; maxMiss $MAX_MISS, minMiss $MIN_MISS, expRatio 2, shrinkRatio 0.5; 1 MB a node, 1 to $MAX_NODES nodes"
csvs=()
for rule in ${BENCH_RULES:-threshold target}; do
  run "$rule"
  csvs+=("$WORK/$rule.csv")
done
java bench/AutoscaleRun.java chart "${BENCH_CHART:-docs/autoscale.png}" "$MAX_NODES" "$MAX_MISS" "${csvs[@]}"
echo "Chart: ${BENCH_CHART:-docs/autoscale.png}" >&2
