#!/usr/bin/env bash
# JMH micro-benchmarks of the memcache core (get/put/evict, LRU and RANDOM, 1 and 2 threads).
# Extra arguments go to JMH, e.g. bench/jmh.sh -wi 1 -i 1 for a quick look.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl cache-war -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh.classpath
java -cp "cache-war/target/test-classes:cache-war/target/classes:$(cat cache-war/target/jmh.classpath)" \
  org.openjdk.jmh.Main MemcacheBenchmark "$@"
