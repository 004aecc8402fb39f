#!/usr/bin/env bash
# Runs ImageCache: builds what is missing, then serves both WARs from one Payara Micro
# (front end at /, memcache at /cache) until Ctrl-C or SIGTERM.
# Configuration comes from the environment; README.md lists every variable.
set -euo pipefail
cd "$(dirname "$0")"

HTTP_PORT=${HTTP_PORT:-8080}
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

mkdir -p "$DATA_DIR"
ROOT_DIR=$(mktemp -d "${TMPDIR:-/tmp}/imagecache-micro.XXXXXX")
server_pid=""
stop() {
  trap - INT TERM EXIT
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    echo "Stopping ImageCache..."
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$ROOT_DIR"
}
trap stop EXIT
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM

# http.maxConnections: idle keep-alive connections the front end keeps to the cache WAR (JDK default 5)
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
java ${JAVA_OPTS:--Xmx1g} -Dhttp.maxConnections=64 -Dcache.port="$CACHE_PORT" -jar "$MICRO_JAR" \
  --nocluster --port "$HTTP_PORT" --rootDir "$ROOT_DIR" \
  --prebootcommandfile server-config/pre-boot-commands.asadmin \
  --postbootcommandfile server-config/post-boot-commands.asadmin \
  --deploy "$CACHE_WAR:/cache" --deploy "$FRONTEND_WAR:/" &
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
