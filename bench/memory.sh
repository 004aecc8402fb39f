#!/usr/bin/env bash
# Fills the memcache to its capacity with images and reports the JVM heap in use after a full GC
# against the bytes cached: the memory target of bench/README.md (heap < 1.15 x cached bytes).
#
#   bench/memory.sh                           # 1024 MB memcache, 100 KiB images, recommended heap
#   MEM_CAPACITY_MB=256 bench/memory.sh       # a quicker run
set -euo pipefail
cd "$(dirname "$0")/.."

CAPACITY_MB=${MEM_CAPACITY_MB:-1024}
SIZE=${MEM_SIZE:-102400}
PORT=${BENCH_PORT:-18183}
# the README's recommended heap: capacity + a fifth + 512 MB
HEAP_MB=${MEM_HEAP_MB:-$(( CAPACITY_MB + CAPACITY_MB / 5 + 512 ))}
# shellcheck source=bench/server.sh
source bench/server.sh

command -v curl >/dev/null && command -v python3 >/dev/null && command -v jcmd >/dev/null \
  || { echo "bench/memory.sh needs curl, python3 and jcmd (a JDK)" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/imagecache-memory.XXXXXX")
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

python3 bench/make_images.py "$WORK/files" 200 "$SIZE"
start_imagecache "$CAPACITY_MB" "$SIZE" "-Xmx${HEAP_MB}m"

heap_used_mb() { # heap in use right after a full collection
  jcmd "$java_pid" GC.run >/dev/null
  jcmd "$java_pid" GC.heap_info | sed -n 's/.*total [0-9]*K, used \([0-9]*\)K.*/\1/p' | head -1 | awk '{printf "%.1f", $1 / 1024}'
}
stat_of() { curl -fsS "$base/api/cache/stats" | python3 -c "import json,sys; print(json.load(sys.stdin)['stats']['$1'])"; }

curl -fsS -o /dev/null "$base/images/none" 2>/dev/null || true  # first request: the front end learns its port
empty_mb=$(heap_used_mb)
count=$(( CAPACITY_MB * 1048576 / SIZE ))
echo "Uploading $count images of $SIZE bytes..."
python3 bench/fill.py "$base" "$WORK/files" "$count"
full_mb=$(heap_used_mb)
items=$(stat_of items)
cached=$(stat_of bytes)
cached_mb=$(awk -v b="$cached" 'BEGIN {printf "%.1f", b / 1048576}')

echo
echo "ImageCache memory, $(date -u +%Y-%m-%d), memcache $CAPACITY_MB MB of $SIZE-byte images, -Xmx${HEAP_MB}m"
printf '%-44s %12s\n' "" "MB"
printf '%-44s %12s\n' "heap in use, empty memcache" "$empty_mb"
printf '%-44s %12s\n' "bytes cached ($items items)" "$cached_mb"
printf '%-44s %12s\n' "heap in use, full memcache" "$full_mb"
awk -v full="$full_mb" -v empty="$empty_mb" -v cached="$cached_mb" -v items="$items" 'BEGIN {
  printf "%-44s %12.3f\n", "heap in use / bytes cached (target < 1.15)", full / cached
  printf "%-44s %12.0f\n", "heap per item beyond its bytes (bytes)", (full - empty - cached) * 1048576 / items
}'
