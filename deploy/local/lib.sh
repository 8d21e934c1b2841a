# shellcheck shell=bash
# shellcheck disable=SC2034 # variables are used by the scripts that source this file
# Shared settings and helpers for deploy/local/{up,down,status,where}. Sourced, never run.
#
# Layout (both folders are git-ignored):
#   .cache/  downloads and builds: Kafka jars (Maven), FerretDB binary (Go), Maven and Go caches
#   .local/  one folder per server and port: data/, logs/, the pid file and the generated config
#
# Settings (environment):
#   KAFKA_PORT=9092  KAFKA_CONTROLLER_PORT=KAFKA_PORT+1  REDIS_PORT=6379  MONGO_PORT=27017
#   NEWSFLOW_KAFKA_NODES=1: 3 starts a KRaft cluster of three broker+controller nodes; node i listens on
#     KAFKA_PORT+2(i-1) (controller KAFKA_CONTROLLER_PORT+2(i-1)), topics get replication factor 3 and
#     min.insync.replicas 2. Its nodes are named kafka-1, kafka-2, kafka-3 (`kafka` means all of them).
#   KAFKA_HEAP="-Xms256m -Xmx512m"   STOP_TIMEOUT_S=30
#   START_TIMEOUT_S=120 (per server; for Kafka, since its last start-up progress: see wait_ready in up)
#   NEWSFLOW_CACHE_DIR / NEWSFLOW_LOCAL_DIR to move .cache/ and .local/
#   MONGO_SERVER=ferretdb|java (default ferretdb, falling back to java when FerretDB cannot be built)
# A second stack runs beside the first by choosing other ports: state folders are named by port.

set -euo pipefail

LOCAL_SCRIPTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$LOCAL_SCRIPTS_DIR/../.." && pwd)
CACHE_DIR=${NEWSFLOW_CACHE_DIR:-$REPO_ROOT/.cache}
LOCAL_DIR=${NEWSFLOW_LOCAL_DIR:-$REPO_ROOT/.local}

# Pinned versions. Kafka stays on 3.9.x: kafkajs 2.x uses protocol versions that Kafka 4 removed.
KAFKA_VERSION=3.9.1
FERRETDB_VERSION=v1.24.2
# h1: hash of the FerretDB module zip as served by proxy.golang.org (checked after download).
FERRETDB_MODULE_SUM='h1:trrUU0LbmusMbyubhPS1IELncvrIwKrsRT2LW1UUWCw='
# Fallback MongoDB-wire server when FerretDB cannot be built (see deploy/local/mongo-java/).
MONGO_JAVA_SERVER_VERSION=1.47.0

KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}
KAFKA_NODES=${NEWSFLOW_KAFKA_NODES:-1}
REDIS_PORT=${REDIS_PORT:-6379}
MONGO_PORT=${MONGO_PORT:-27017}
KAFKA_HEAP=${KAFKA_HEAP:--Xms256m -Xmx512m}
START_TIMEOUT_S=${START_TIMEOUT_S:-120}
STOP_TIMEOUT_S=${STOP_TIMEOUT_S:-30}

KAFKA_HOME=$CACHE_DIR/kafka-$KAFKA_VERSION
# "-idfix": built with the _id lookup patch of deploy/local/up (install_ferretdb); an unpatched build in an
# older cache is not reused.
FERRETDB_HOME=$CACHE_DIR/ferretdb-$FERRETDB_VERSION-idfix
FERRETDB_BIN=$FERRETDB_HOME/bin/ferretdb
MONGO_JAVA_HOME=$CACHE_DIR/mongo-java-server-$MONGO_JAVA_SERVER_VERSION
REDIS_DIR=$LOCAL_DIR/redis-$REDIS_PORT
MONGO_DIR=$LOCAL_DIR/mongo-$MONGO_PORT

ALL_SERVERS=(kafka redis mongo)

# Prints a new KRaft cluster id: 16 random bytes in unpadded URL-safe base64, the form `kafka-storage
# random-uuid` prints. Like Kafka's own Uuid.randomUuid(), it never starts with "-": the storage tool's
# argument parser would read such an id as an option (`--cluster-id/-t: expected one argument`), which
# failed about one start in 64. Every broker this folder starts gets its id here.
new_kafka_cluster_id() {
  local id=-
  while [[ "$id" == -* ]]; do
    id=$(head -c 16 /dev/urandom | base64)
    id=${id//+/-}
    id=${id//\//_}
    id=${id%%=*}
  done
  echo "$id"
}

# What `up` installed, and where (`deploy/local/where` prints it; `up` installs what is missing). These are the
# one place that knows the layout of .cache/: callers ask here instead of repeating paths.
kafka_installed() { [[ -f "$KAFKA_HOME/.complete" ]]; }
redis_installed() { command -v redis-server >/dev/null; }
mongo_java_installed() { [[ -f "$MONGO_JAVA_HOME/.complete" ]]; }
ferretdb_installed() {
  local version=
  # Captured first: `| grep -q` could end the pipe early and, with pipefail, fail a good binary.
  [[ -x "$FERRETDB_BIN" ]] && version=$("$FERRETDB_BIN" --version 2>/dev/null || true)
  [[ "$version" == *"version: $FERRETDB_VERSION"* ]]
}

# Prints "<server> <program> <path>" for what `up` would start for one server (kafka|redis|mongo) without
# installing anything; fails, saying why on stderr, when that is not installed. For mongo it follows
# MONGO_SERVER as `up` does: FerretDB, else the mongo-java-server fallback when only that one is installed.
installed_server() {
  case "$1" in
    kafka*)
      kafka_installed || { log "kafka: Kafka $KAFKA_VERSION is not installed in $KAFKA_HOME (deploy/local/up kafka installs it)"; return 1; }
      echo "$1 kafka-$KAFKA_VERSION $KAFKA_HOME"
      ;;
    redis)
      redis_installed || { log "redis: redis-server is not on PATH (deploy/local/up redis installs it)"; return 1; }
      echo "redis redis-server $(command -v redis-server)"
      ;;
    mongo)
      if [[ "${MONGO_SERVER:-}" != java ]] && ferretdb_installed; then
        echo "mongo ferretdb-$FERRETDB_VERSION $FERRETDB_BIN"
      elif [[ "${MONGO_SERVER:-}" != ferretdb ]] && mongo_java_installed; then
        echo "mongo mongo-java-server-$MONGO_JAVA_SERVER_VERSION $MONGO_JAVA_HOME"
      else
        log "mongo: neither FerretDB ($FERRETDB_BIN) nor mongo-java-server ($MONGO_JAVA_HOME) is installed${MONGO_SERVER:+ for MONGO_SERVER=$MONGO_SERVER} (deploy/local/up mongo installs it)"
        return 1
      fi
      ;;
  esac
}

# Prints the comment block at the top of the running script (its usage).
usage() {
  awk 'NR > 1 && /^#/ { if ($0 ~ /shellcheck/) next; sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
}

log() { printf '[local] %s\n' "$*" >&2; }
die() {
  printf '[local] error: %s\n' "$*" >&2
  exit 1
}

# ------------------------------------------------------------------------------------------ Kafka nodes
# A single broker is the unit `kafka`; a cluster's nodes are kafka-1..kafka-N. Each node has its own state
# folder named by its port, like every other server.

[[ "$KAFKA_NODES" =~ ^[1-9]$ ]] || die "NEWSFLOW_KAFKA_NODES=$KAFKA_NODES is not a node count from 1 to 9"

# Replication of the cluster's topics: 3 copies where there are 3 nodes, and writes (acks=all) need all but
# one of them, so one node may be lost without losing a write or refusing one.
KAFKA_REPLICATION_FACTOR=$((KAFKA_NODES < 3 ? KAFKA_NODES : 3))
KAFKA_MIN_INSYNC_REPLICAS=$((KAFKA_REPLICATION_FACTOR > 1 ? KAFKA_REPLICATION_FACTOR - 1 : 1))

# Prints the Kafka units: `kafka`, or kafka-1..kafka-N for a cluster.
kafka_units() {
  local i
  if ((KAFKA_NODES == 1)); then
    echo kafka
    return
  fi
  for ((i = 1; i <= KAFKA_NODES; i++)); do echo "kafka-$i"; done
}

# The node number of a Kafka unit (kafka -> 1, kafka-2 -> 2).
kafka_node() {
  if [[ "$1" == kafka ]]; then echo 1; else echo "${1#kafka-}"; fi
}
kafka_node_port() { echo $((KAFKA_PORT + 2 * ($1 - 1))); }
kafka_node_controller_port() { echo $((KAFKA_CONTROLLER_PORT + 2 * ($1 - 1))); }

# Comma-separated host:port of every node (clients bootstrap from all of them).
kafka_brokers() {
  local i list=()
  for ((i = 1; i <= KAFKA_NODES; i++)); do list+=("127.0.0.1:$(kafka_node_port "$i")"); done
  local IFS=,
  echo "${list[*]}"
}

# KRaft voters: id@host:controller-port of every node.
kafka_quorum_voters() {
  local i list=()
  for ((i = 1; i <= KAFKA_NODES; i++)); do list+=("$i@127.0.0.1:$(kafka_node_controller_port "$i")"); done
  local IFS=,
  echo "${list[*]}"
}

# Prints how many partition logs a Kafka node's data holds when its last stop was not clean (a SIGKILL, a
# session or machine that ended under it), nothing otherwise. Kafka writes data/.kafka_cleanshutdown only when
# it shut down cleanly, and after an unclean stop it recovers every partition's log before it answers: with the
# thousands of topics test runs leave behind, that takes minutes on a loaded machine (see wait_ready in up).
# A folder just formatted has no clean-shutdown mark either, but no partition log (not even the metadata log's
# __cluster_metadata-0): that is a first start, not an unclean stop, and nothing is printed.
kafka_unclean_partitions() {
  local data count
  data=$(server_dir "$1")/data
  [[ -f "$data/meta.properties" && ! -e "$data/.kafka_cleanshutdown" ]] || return 0
  count=$(find "$data" -mindepth 1 -maxdepth 1 -type d -name '*-[0-9]*' | wc -l)
  ((count > 0)) && echo "$count"
  return 0
}

# Prints the last per-partition step of a starting Kafka node, from the tail of its server log: loading each
# partition's log ("loading partition logs 1200/2967", log4j kafka.log.LogManager at INFO), then opening each
# partition ("opening partition <topic-N>"); nothing when neither shows. A start that prints a new step is
# still making progress.
kafka_start_progress() {
  local line
  line=$(tail -c 65536 "$(server_log "$1")" 2>/dev/null | grep -E ' completed in |Log loaded for partition ' | tail -n 1) || true
  if [[ "$line" =~ \(([0-9]+/[0-9]+)\ completed\ in ]]; then
    echo "loading partition logs ${BASH_REMATCH[1]}"
  elif [[ "$line" =~ Log\ loaded\ for\ partition\ ([^ ]+) ]]; then
    echo "opening partition ${BASH_REMATCH[1]}"
  fi
}

# Validates the server names given on the command line into the array `servers` (none means all; `kafka`
# means every Kafka node). Not run in a subshell, so an unknown name stops the calling script.
parse_servers() {
  local s
  servers=()
  [[ $# -gt 0 ]] || set -- "${ALL_SERVERS[@]}"
  for s in "$@"; do
    case "$s" in
      kafka) mapfile -t -O "${#servers[@]}" servers < <(kafka_units) ;;
      kafka-[1-9])
        ((KAFKA_NODES > 1 && ${s#kafka-} <= KAFKA_NODES)) ||
          die "no Kafka node '$s' here: NEWSFLOW_KAFKA_NODES=$KAFKA_NODES (nodes: $(kafka_units | paste -sd ' '))"
        servers+=("$s")
        ;;
      redis | mongo) servers+=("$s") ;;
      *) die "unknown server '$s' (expected: ${ALL_SERVERS[*]}$( ((KAFKA_NODES > 1)) && echo ", kafka-1..kafka-$KAFKA_NODES"))" ;;
    esac
  done
}

server_dir() {
  case "$1" in
    kafka*) echo "$LOCAL_DIR/kafka-$(kafka_node_port "$(kafka_node "$1")")" ;;
    redis) echo "$REDIS_DIR" ;;
    mongo) echo "$MONGO_DIR" ;;
  esac
}

server_port() {
  case "$1" in
    kafka*) kafka_node_port "$(kafka_node "$1")" ;;
    redis) echo "$REDIS_PORT" ;;
    mongo) echo "$MONGO_PORT" ;;
  esac
}

server_log() {
  case "$1" in
    kafka*) echo "$(server_dir "$1")/logs/server.log" ;;
    redis) echo "$REDIS_DIR/logs/redis.log" ;;
    mongo) echo "$MONGO_DIR/logs/mongo.log" ;;
  esac
}

pid_file() {
  case "$1" in
    redis) echo "$REDIS_DIR/redis.pid" ;; # written by redis-server itself
    kafka*) echo "$(server_dir "$1")/kafka.pid" ;;
    *) echo "$(server_dir "$1")/$1.pid" ;;
  esac
}

# Prints the pid of a server this stack started and that is still alive; fails otherwise.
# The process command line must mention the server's state folder, so a reused pid never matches.
running_pid() {
  local file pid
  file=$(pid_file "$1")
  [[ -s "$file" ]] || return 1
  pid=$(<"$file")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r /proc/$pid/cmdline ]] || return 1
  # Redis rewrites its argv to "redis-server 127.0.0.1:PORT"; the others keep theirs.
  if [[ "$1" == redis ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "redis-server 127.0.0.1:$REDIS_PORT" || return 1
  else
    # With the trailing slash: kafka-9092 must not match a node in kafka-90920.
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$(server_dir "$1")/" || return 1
  fi
  echo "$pid"
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

log_tail() {
  local file=$1
  if [[ -s "$file" ]]; then
    printf '[local] --- last lines of %s ---\n' "$file" >&2
    tail -n 30 "$file" >&2
    printf '[local] ---\n' >&2
  fi
}

# One exclusive lock for up/down per .local folder, so parallel callers (a test run and a user) do not race.
take_lock() {
  mkdir -p "$LOCAL_DIR"
  exec 9>"$LOCAL_DIR/deploy-local.lock"
  if ! flock -n 9; then
    log "waiting for another deploy/local command to finish (lock $LOCAL_DIR/deploy-local.lock)"
    # Long enough for a first-run install in the other command.
    flock -w 900 9 || die "another deploy/local command held $LOCAL_DIR/deploy-local.lock for 15 minutes (holders: fuser -v $LOCAL_DIR/deploy-local.lock)"
  fi
}

# Connection strings clients use for this stack (deploy/local/env prints them).
export_urls() {
  KAFKA_BROKERS=$(kafka_brokers)
  export KAFKA_BROKERS
  export REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
  export MONGODB_URI="mongodb://127.0.0.1:$MONGO_PORT/newsflow"
}

# Runs check.mjs (kafkajs/ioredis/mongodb from the root node_modules) for one server; a Kafka node is checked
# through its own address only. $1 is "ping" (cheap readiness probe) or "full" (real produce/consume,
# SET/GET, insert/find). Prints check.mjs's line, named after the server.
run_check() {
  local mode=$1 name=$2 line
  export_urls
  if [[ "$name" == kafka* ]]; then
    line=$(KAFKA_BROKERS="127.0.0.1:$(server_port "$name")" node "$LOCAL_SCRIPTS_DIR/check.mjs" "--$mode" kafka) || {
      echo "$name${line#kafka}"
      return 1
    }
    echo "$name${line#kafka}"
  else
    node "$LOCAL_SCRIPTS_DIR/check.mjs" "--$mode" "$name"
  fi
}

have_node_clients() {
  command -v node >/dev/null 2>&1 &&
    [[ -d "$REPO_ROOT/node_modules/kafkajs" && -d "$REPO_ROOT/node_modules/ioredis" && -d "$REPO_ROOT/node_modules/mongodb" ]]
}

# Stops servers this stack started, all at once: SIGTERM, wait up to STOP_TIMEOUT_S for a clean shutdown (Kafka
# flushes and closes its logs), then SIGKILL. With stop_signal=KILL, SIGKILL at once (a crash, for
# fault-injection tests). Removes the pid files; servers not running are skipped.
# A Kafka cluster node shuts down cleanly only while a majority of its nodes still runs (the quorum records its
# controlled shutdown; without one it would wait minutes): once the quorum is gone, stragglers get
# QUORUM_LOST_GRACE_S more seconds, then SIGKILL (their logs are recovered at the next start).
QUORUM_LOST_GRACE_S=5
stop_signal=
stop_servers() {
  local name pid deadline pids=() names=() alive unit
  for name in "$@"; do
    if pid=$(running_pid "$name"); then
      pids+=("$pid")
      names+=("$name")
      log "stopping $name (pid $pid${stop_signal:+, SIG$stop_signal})"
      kill "-${stop_signal:-TERM}" "$pid" 2>/dev/null || true
    else
      log "$name not running"
    fi
  done
  deadline=$((SECONDS + STOP_TIMEOUT_S))
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
      if ((KAFKA_NODES > 1)); then
        alive=0
        for unit in $(kafka_units); do running_pid "$unit" >/dev/null && alive=$((alive + 1)); done
        if ((alive <= KAFKA_NODES / 2 && deadline > SECONDS + QUORUM_LOST_GRACE_S)); then
          deadline=$((SECONDS + QUORUM_LOST_GRACE_S))
        fi
      fi
      sleep 0.2
    done
  done
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      log "pid $pid did not stop in time; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    fi
  done
  for name in "$@"; do rm -f "$(pid_file "$name")"; done
  for name in "${names[@]}"; do log "$name stopped"; done
}

# Prints the topics a stopped Kafka node keeps on disk, one per line: those that existed before it starts
# again. A partition's folder is <topic>-<partition>; topics being deleted (<topic>-<n>.<id>-delete) and
# Kafka's own (__consumer_offsets, __cluster_metadata) are left out.
kafka_topics_on_disk() {
  local data
  data=$(server_dir "$1")/data
  [[ -d "$data" ]] || return 0
  find "$data" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sed -nE 's/^(.+)-[0-9]+$/\1/p' | grep -v '^__' | sort -u || true
}

# Leases: a test run that uses the stack registers itself (`up --lease=ID`, its pid inside), so another
# run's `down --lease=ID` leaves the servers running while someone else still uses them.
# One lease folder per stack (its ports), so a run on the default ports does not pin a second stack.
LEASE_DIR=$LOCAL_DIR/leases/$KAFKA_PORT-$REDIS_PORT-$MONGO_PORT

add_lease() {
  [[ "$1" =~ ^[A-Za-z0-9._-]+$ ]] || die "bad lease id '$1'"
  mkdir -p "$LEASE_DIR"
  echo "$2" >"$LEASE_DIR/$1"
}

remove_lease() {
  rm -f "$LEASE_DIR/${1//\//}"
}

# Prints the pids of live leases other than $1, deleting leases whose process is gone.
other_live_leases() {
  local file pid state
  [[ -d "$LEASE_DIR" ]] || return 0
  for file in "$LEASE_DIR"/*; do
    [[ -f "$file" && "$(basename "$file")" != "$1" ]] || continue
    pid=$(<"$file")
    state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)
    if [[ -z "$state" || "$state" == Z ]]; then
      rm -f "$file"
    else
      echo "$pid"
    fi
  done
}
