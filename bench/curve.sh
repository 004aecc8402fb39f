#!/usr/bin/env bash
# The live hit-rate curve against the exact LRU curve of the same 200,000 reads through the API:
# starts ImageCache (embedded database) as start.sh does, runs imagecache.cache.sim.ApiCurveRun
# against it, and prints a Markdown table. See bench/README.md.
#
#   bench/curve.sh                                   # 2,000 keys, 200,000 Zipf-0.8 reads, 1 MB LRU
#   CACHE_CURVE_SAMPLED_KEYS=500 bench/curve.sh      # a sample of at most 500 keys: the rate falls to about 1/4
#   BENCH_KEYS=500 BENCH_READS=20000 bench/curve.sh  # a quick look
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${BENCH_PORT:-18191}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/imagecache-curve.XXXXXX")
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
# shellcheck source=bench/server.sh
source bench/server.sh

mvn -B -q -Dstyle.color=never -pl cache-war -am test-compile >&2
start_imagecache 1 1048576 "${BENCH_JAVA_OPTS:--Xmx512m}" >&2
java -cp "cache-war/target/test-classes:cache-war/target/classes:cache-war/contract/target/classes" imagecache.cache.sim.ApiCurveRun \
  "$base" "${BENCH_KEYS:-2000}" "${BENCH_READS:-200000}" "${BENCH_CAPACITY_MB:-1}" "${BENCH_SKEW:-0.8}" "${BENCH_SEED:-7}"
