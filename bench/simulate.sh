#!/usr/bin/env bash
# Trace simulator: replays traces against Belady's OPT and the memcache's LRU, RANDOM and TINYLFU
# at several capacities, one Markdown table of hit and byte hit ratios per trace.
# bench/simulate.sh                      the generated traces (fixed seeds), ~25 s of CPU
# bench/simulate.sh --trace FILE         a recorded trace, one `key size` a line
# bench/simulate.sh --reads 100000 --only zipf-0.8+scan    a quick look; --help for all options
set -euo pipefail
cd "$(dirname "$0")/.."
# Maven's output goes to stderr, so that stdout is the tables alone, ready to paste
mvn -B -q -Dstyle.color=never -pl cache-war -am test-compile >&2
# the core is plain Java: its classes and the contract's (the trace's key encoding) are the whole class path
java ${SIM_JAVA_OPTS:-} -cp "cache-war/target/test-classes:cache-war/target/classes:cache-war/contract/target/classes" \
  imagecache.cache.sim.Simulator "$@"
