#!/usr/bin/env bash
# Runs ImageCache: builds what is missing, then serves both WARs from one Payara Micro
# (front end at /, memcache at /cache) until Ctrl-C or SIGTERM.
# With CACHE_NODES and/or FRONT_ENDS (and DB_URL) it starts a pool on this machine instead: cache
# nodes and front ends as separate Payara Micro processes in one data grid, nginx in front.
# Configuration comes from the environment; README.md lists every variable.
set -euo pipefail
cd "$(dirname "$0")"

HTTP_PORT=${HTTP_PORT:-5000}
# the cache WAR's own listener (server-config/pre-boot-commands.asadmin), which the front end calls
CACHE_PORT=${CACHE_PORT:-$((HTTP_PORT + 1))}
export DATA_DIR=${DATA_DIR:-$PWD/data}
export HTTP_PORT
MICRO_VERSION=$(sed -n 's:.*<payara.micro.version>\(.*\)</payara.micro.version>.*:\1:p' pom.xml)
MICRO_JAR=target/payara-micro-$MICRO_VERSION.jar
CACHE_WAR=cache-war/target/cache.war
FRONTEND_WAR=frontend-war/target/frontend.war

# The database: embedded (H2 under DATA_DIR) unless DB_URL is set; the driver follows from the URL.
if [ -n "${DB_URL:-}" ]; then
  case "$DB_URL" in
    jdbc:mysql:*) export DB_CLASS=${DB_CLASS:-com.mysql.cj.jdbc.MysqlDataSource} ;;
    jdbc:h2:*) export DB_CLASS=${DB_CLASS:-org.h2.jdbcx.JdbcDataSource} ;;
    *)
      if [ -z "${DB_CLASS:-}" ]; then
        echo "DB_URL must start with jdbc:mysql:// (MySQL or MariaDB) or jdbc:h2:, or set DB_CLASS" >&2
        exit 2
      fi ;;
  esac
  if [ -z "${DB_USER:-}" ] || [ -z "${DB_PASSWORD:-}" ]; then
    echo "With DB_URL, set DB_USER and DB_PASSWORD too" >&2
    exit 2
  fi
fi

# free_port FROM: the first port from FROM on that nothing on this machine listens on
free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

# The one server's options (a pool's members have theirs below). `start.sh --options` prints them,
# one a line ("jvm ..." or "micro ..."), for a launcher that deploys the front end itself (the
# Arquillian test), a word a line, and exits without building or starting anything.
# http.maxConnections: idle keep-alive connections the front end keeps to the cache WAR (JDK default 5)
server_jvm_options=(-Dhttp.maxConnections=64 "-Dcache.port=$CACHE_PORT")
# a front end given another server's cache WAR (CACHE_URL) has no memcache of its own to pool
if [ -n "${CACHE_URL:-}" ]; then CACHE_GRID=${CACHE_GRID:-false}; fi
CACHE_GRID=${CACHE_GRID:-true}
if [ "$CACHE_GRID" = true ]; then
  # A pool of one (CACHE_GRID, the default): the server is the only member of a data grid of its own
  # (named after its port, so that two servers on one machine never merge), and its memcache the
  # pool's one node, which a grown node joins without a restart. system properties, not variables:
  # a node the server starts must not inherit them
  export CLUSTER_NAME=${CLUSTER_NAME:-imagecache-$HTTP_PORT}
  grid_port=$(free_port "${GRID_PORT:-6900}")
  server_jvm_options+=(-Dcache.pool=true "-Dcache.node.url=http://127.0.0.1:$CACHE_PORT/cache"
    -Dhazelcast.merge.first.run.delay.seconds="${GRID_MERGE_SECONDS:-5}"
    -Dhazelcast.merge.next.run.delay.seconds="${GRID_MERGE_SECONDS:-5}")
  server_micro_options=(--clustername "$CLUSTER_NAME" --clustermode "tcpip:127.0.0.1:$grid_port"
    --startport "$grid_port" --interfaces 127.0.0.1 --nohostaware --disablephonehome)
else
  server_micro_options=(--nocluster)
fi
server_micro_options+=(--port "$HTTP_PORT"
  --prebootcommandfile "$PWD/server-config/pre-boot-commands.asadmin"
  --postbootcommandfile "$PWD/server-config/post-boot-commands.asadmin"
  --deploy "$PWD/$CACHE_WAR:/cache")
if [ "${1:-}" = "--options" ]; then
  printf 'jvm %s\n' "${server_jvm_options[@]}"
  if [ -n "${DB_CLASS:-}" ]; then echo "jvm -Ddb.class=$DB_CLASS"; fi
  printf 'micro %s\n' "${server_micro_options[@]}"
  exit 0
fi

command -v java >/dev/null || { echo "Java 17 is needed (apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "Maven is needed (apt-get install maven)" >&2; exit 1; }

# Build when a WAR is missing or older than anything it is built from (tests are not).
if [ ! -f "$CACHE_WAR" ] || [ ! -f "$FRONTEND_WAR" ] \
   || [ -n "$(find pom.xml cache-war/pom.xml frontend-war/pom.xml cache-war/src/main frontend-war/src/main db \
                -newer "$FRONTEND_WAR" -type f -print -quit)" ]; then
  echo "Building the WARs..."
  mvn -B -q -DskipTests package
fi
if [ ! -f "$MICRO_JAR" ]; then
  echo "Fetching Payara Micro $MICRO_VERSION..."
  mvn -B -q dependency:copy -Dartifact="fish.payara.extras:payara-micro:$MICRO_VERSION" -DoutputDirectory=target
fi

# ---- A pool: cache nodes (cache WAR only) and front ends (front-end WAR only, lite members of the
# grid: they own no keys) as separate Payara Micro processes in one data grid (TCP members, no
# multicast). CACHE_NODES/FRONT_ENDS start a whole pool on this machine behind nginx; POOL_ROLE starts
# one member that joins the grid at GRID_MEMBERS (a pool over several machines). ----

pool_prepare() {
  LOG_DIR=$DATA_DIR/logs
  mkdir -p "$LOG_DIR"
  ROOT_DIR=$(mktemp -d "${TMPDIR:-/tmp}/imagecache-pool.XXXXXX")
  # the cache listener of a single server is not wanted in a pool: each process serves one WAR
  sed '/^# --- cache listener/,/^# --- end of cache listener/d' server-config/pre-boot-commands.asadmin \
    > "$ROOT_DIR/pre-boot-commands.asadmin"
  pids=()
  pid_files=()
  nginx_pid=""
  trap stop_pool EXIT
  trap 'stop_pool; exit 130' INT
  trap 'stop_pool; exit 143' TERM
}

stop_pool() {
  trap - INT TERM EXIT
  echo "Stopping..."
  [ -n "$nginx_pid" ] && kill -TERM "$nginx_pid" 2>/dev/null
  local p
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  # the cache nodes a resize started (POOL_PROVISIONER=local) are not this shell's children
  local provisioned=()
  if [ -n "${run_dir:-}" ]; then
    for f in "$run_dir"/*.pid; do
      [ -f "$f" ] || continue
      p=$(cat "$f")
      kill -TERM "$p" 2>/dev/null && provisioned+=("$p")
    done
  fi
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  for p in "${provisioned[@]}"; do
    for _ in $(seq 1 60); do kill -0 "$p" 2>/dev/null || break; sleep 1; done
  done
  [ -n "$nginx_pid" ] && wait "$nginx_pid" 2>/dev/null
  for f in "${pid_files[@]}"; do rm -f "$f"; done
  rm -rf "$ROOT_DIR"
}

# start_member ROLE NAME HTTP_PORT GRID_PORT MEMBERS: ROLE is cache or front.
# --nohostaware: Payara groups partitions by host by default, and with every member on one machine
# the grid gave one cache node over half of the keys (157 of 300 on 3 nodes); memcache entries have
# no backups to keep on another host, so each member is a group of its own.
# hazelcast.merge.*: after a network split heals, the grid looks for the other side every
# GRID_MERGE_SECONDS (Hazelcast's defaults: first after 300 s, then every 120 s), so the pool is
# whole again within seconds.
start_member() {
  local role=$1 name=$2 port=$3 gport=$4 members=$5 deploy lite=""
  if [ "$role" = cache ]; then
    deploy="$CACHE_WAR:/cache"
    # a node that joins a running pool holds keys only once it serves (see CACHE_JOINS_LITE)
    [ "${CACHE_JOINS_LITE:-false}" = true ] && lite=--lite
  else
    deploy="$FRONTEND_WAR:/"
    lite=--lite
  fi
  mkdir -p "$ROOT_DIR/$name"
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options; $lite is empty or one flag
  HTTP_PORT=$port CACHE_POOL=true java ${JAVA_OPTS:--Xmx512m} -Dhttp.maxConnections=64 \
    -Dhazelcast.merge.first.run.delay.seconds="${GRID_MERGE_SECONDS:-5}" \
    -Dhazelcast.merge.next.run.delay.seconds="${GRID_MERGE_SECONDS:-5}" -jar "$MICRO_JAR" \
    --clustername "${CLUSTER_NAME:-imagecache}" --clustermode "tcpip:$members" \
    --startport "$gport" --interfaces "${GRID_HOST:-127.0.0.1}" --name "$name" $lite --disablephonehome \
    --nohostaware \
    --port "$port" --rootDir "$ROOT_DIR/$name" \
    --prebootcommandfile "$ROOT_DIR/pre-boot-commands.asadmin" \
    --postbootcommandfile server-config/post-boot-commands.asadmin \
    --deploy "$deploy" > "$LOG_DIR/$name.log" 2>&1 &
  pids+=($!)
  # a cache node leaves its process id under its HTTP port, where a resize finds it to stop it
  if [ "$role" = cache ] && [ -n "${POOL_RUN_DIR:-}" ]; then
    mkdir -p "$POOL_RUN_DIR"
    echo $! > "$POOL_RUN_DIR/$port.pid"
    pid_files+=("$POOL_RUN_DIR/$port.pid")
  fi
}

# answers URL: whether URL answers 200; with ADMIN_TOKEN set the cache WAR answers no one without it,
# so it is sent, from a file descriptor rather than the command line that others can list
answers() {
  if [ -n "${ADMIN_TOKEN:-}" ]; then
    curl -fsS -o /dev/null -H @<(printf 'Authorization: Bearer %s\n' "$ADMIN_TOKEN") "$1" 2>/dev/null
  else
    curl -fsS -o /dev/null "$1" 2>/dev/null
  fi
}

# await_member ROLE NAME HTTP_PORT PID: until it answers (its log is shown if it exits)
await_member() {
  local path=/api/cache/config _
  [ "$1" = cache ] && path=/cache/api/config
  for _ in $(seq 1 300); do
    kill -0 "$4" 2>/dev/null || { echo "$2 exited; its log:" >&2; tail -40 "$LOG_DIR/$2.log" >&2; exit 1; }
    answers "http://127.0.0.1:$3$path" && {
      echo "$2 is up at http://127.0.0.1:$3${path%/api/*}/"
      return 0
    }
    sleep 1
  done
  echo "$2 did not answer in 300 s; see $LOG_DIR/$2.log" >&2
  exit 1
}

run_pool() {
  local nginx_bin
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
  if [ ! -x "$nginx_bin" ]; then
    if [ "$(id -u)" = 0 ]; then
      echo "Installing nginx..."
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
    else
      echo "A pool runs behind nginx: apt-get install nginx-light" >&2
      exit 1
    fi
  fi
  local grid_port=${GRID_PORT:-6900} members="" i port upstreams=""
  for i in $(seq 0 $((CACHE_NODES + FRONT_ENDS - 1))); do
    members="$members${members:+,}${GRID_HOST:-127.0.0.1}:$((grid_port + i))"
  done
  pool_prepare
  # the front ends know how many cache nodes make the pool whole (see CACHE_POOL_SIZE in the README)
  export CACHE_POOL_SIZE=${CACHE_POOL_SIZE:-$CACHE_NODES}
  # a resize (POST /api/cache/pool/grow) starts and stops cache nodes on this machine through start.sh
  export POOL_PROVISIONER=${POOL_PROVISIONER:-local} IMAGECACHE_HOME=$PWD
  export POOL_RUN_DIR=${POOL_RUN_DIR:-$ROOT_DIR/nodes}
  run_dir=$POOL_RUN_DIR
  # cache nodes first: a lite member cannot start without a data member in the grid
  for i in $(seq 1 "$CACHE_NODES"); do
    start_member cache "cache-$i" $((HTTP_PORT + i)) $((grid_port + i - 1)) "$members"
  done
  for i in $(seq 1 "$CACHE_NODES"); do
    await_member cache "cache-$i" $((HTTP_PORT + i)) "${pids[$((i - 1))]}"
  done
  for i in $(seq 1 "$FRONT_ENDS"); do
    port=$((HTTP_PORT + CACHE_NODES + i))
    start_member front "front-$i" "$port" $((grid_port + CACHE_NODES + i - 1)) "$members"
    upstreams="$upstreams    server 127.0.0.1:$port max_fails=1 fail_timeout=5s;"$'\n'
  done
  for i in $(seq 1 "$FRONT_ENDS"); do
    await_member front "front-$i" $((HTTP_PORT + CACHE_NODES + i)) "${pids[$((CACHE_NODES + i - 1))]}"
  done
  mkdir -p "$ROOT_DIR"/nginx-{body,proxy,fastcgi,uwsgi,scgi}
  awk -v root="$ROOT_DIR" -v port="$HTTP_PORT" -v upstreams="$upstreams" \
    '{ gsub("@ROOT@", root); gsub("@HTTP_PORT@", port); if ($0 ~ /@UPSTREAMS@/) printf "%s", upstreams; else print }' \
    server-config/nginx-pool.conf > "$ROOT_DIR/nginx.conf"
  "$nginx_bin" -p "$ROOT_DIR" -c "$ROOT_DIR/nginx.conf" &
  nginx_pid=$!
  for _ in $(seq 1 30); do curl -fsS -o /dev/null "http://127.0.0.1:$HTTP_PORT/api/cache/config" 2>/dev/null && break; sleep 1; done
  echo
  echo "ImageCache pool ($CACHE_NODES cache nodes, $FRONT_ENDS front ends) is running at http://localhost:$HTTP_PORT/"
  echo "Logs: $LOG_DIR (Ctrl-C stops them all)"
  # a member that dies leaves the others serving (the grid gives its keys to the rest); Ctrl-C or
  # SIGTERM stops them all
  wait "${pids[@]}" "$nginx_pid" || true
}

run_member() {
  case "$POOL_ROLE" in cache|front) ;; *) echo "POOL_ROLE is cache or front" >&2; exit 2 ;; esac
  if [ -z "${GRID_MEMBERS:-}" ]; then
    echo "POOL_ROLE needs GRID_MEMBERS: the grid's host:port list (e.g. 10.0.0.1:6900,10.0.0.2:6900)" >&2
    exit 2
  fi
  pool_prepare
  local name=${POOL_NAME:-$POOL_ROLE-$(hostname)-$HTTP_PORT}
  start_member "$POOL_ROLE" "$name" "$HTTP_PORT" "${GRID_PORT:-6900}" "$GRID_MEMBERS"
  await_member "$POOL_ROLE" "$name" "$HTTP_PORT" "${pids[0]}"
  echo "Logs: $LOG_DIR/$name.log (Ctrl-C stops it)"
  wait -n "${pids[0]}" || true
}

CACHE_NODES=${CACHE_NODES:-0}
FRONT_ENDS=${FRONT_ENDS:-0}
if [ "$CACHE_NODES" != 0 ] || [ "$FRONT_ENDS" != 0 ] || [ -n "${POOL_ROLE:-}" ]; then
  case "$CACHE_NODES$FRONT_ENDS" in
    *[!0-9]*) echo "CACHE_NODES and FRONT_ENDS are numbers" >&2; exit 2 ;;
  esac
  if [ -z "${DB_URL:-}" ]; then
    echo "A pool needs a shared database: set DB_URL (jdbc:mysql://...), DB_USER and DB_PASSWORD" >&2
    exit 2
  fi
fi

if [ -n "${POOL_ROLE:-}" ]; then
  run_member
  exit 0
elif [ "$CACHE_NODES" != 0 ] || [ "$FRONT_ENDS" != 0 ]; then
  CACHE_NODES=$((CACHE_NODES > 0 ? CACHE_NODES : 1))
  FRONT_ENDS=$((FRONT_ENDS > 0 ? FRONT_ENDS : 1))
  run_pool
  exit 0
fi

mkdir -p "$DATA_DIR"
ROOT_DIR=$(mktemp -d "${TMPDIR:-/tmp}/imagecache-micro.XXXXXX")
if [ "$CACHE_GRID" = true ]; then
  # the nodes a grow starts (POST /api/cache/pool/grow) run start.sh with POOL_ROLE=cache and share
  # the embedded database: H2's automatic mixed mode lets other processes in through a TCP server
  # this one opens, while this one keeps its embedded connections (see docs/architecture.md)
  if [ -z "${DB_URL:-}" ]; then
    export DB_URL="jdbc:h2:file:$DATA_DIR/db/imagecache;MODE=MySQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0;AUTO_SERVER=TRUE"
    export DB_CLASS=org.h2.jdbcx.JdbcDataSource DB_USER=imagecache DB_PASSWORD=imagecache
  fi
  export POOL_PROVISIONER=${POOL_PROVISIONER:-local} IMAGECACHE_HOME=$PWD
  export POOL_RUN_DIR=${POOL_RUN_DIR:-$ROOT_DIR/nodes}
  export GRID_PORT=${GRID_PORT:-6900}
fi
server_pid=""
stop() {
  trap - INT TERM EXIT
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    echo "Stopping ImageCache..."
    kill -TERM "$server_pid" 2>/dev/null || true
  fi
  # and the cache nodes a grow started, which are not this shell's children
  local f p provisioned=()
  for f in "${POOL_RUN_DIR:-/nonexistent}"/*.pid; do
    [ -f "$f" ] || continue
    p=$(cat "$f")
    kill -TERM "$p" 2>/dev/null && provisioned+=("$p")
  done
  [ -n "$server_pid" ] && wait "$server_pid" 2>/dev/null || true
  for p in "${provisioned[@]}"; do
    for _ in $(seq 1 60); do kill -0 "$p" 2>/dev/null || break; sleep 1; done
  done
  rm -rf "$ROOT_DIR"
}
trap stop EXIT
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM

# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
java ${JAVA_OPTS:--Xmx1g} "${server_jvm_options[@]}" -jar "$MICRO_JAR" "${server_micro_options[@]}" \
  --rootDir "$ROOT_DIR" --deploy "$FRONTEND_WAR:/" &
server_pid=$!

url="http://localhost:$HTTP_PORT/"
for _ in $(seq 1 300); do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "Payara Micro exited; see the log above" >&2
    exit 1
  fi
  if curl -fsS -o /dev/null "${url}api/cache/config" 2>/dev/null; then
    echo
    echo "ImageCache is running at $url (Ctrl-C stops it)"
    break
  fi
  sleep 1
done
wait "$server_pid"
