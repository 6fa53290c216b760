#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL cluster for the tests.
#
#   eval "$(bash eng/postgres.sh start)"   # installs PostgreSQL when missing, starts a cluster, prints exports
#   bash eng/postgres.sh stop              # stops the cluster named by PERSONALIZATION_PG_DIR and deletes it
#
# The cluster runs as an unprivileged user (the caller, or the user "pgtest" when the caller is root),
# on a free loopback port, in a temporary directory. `start` also starts PERSONALIZATION_PG_SHARD_COUNT (default 2;
# 0 for none) more clusters the same way: the shards of the sharded tests, which reach them from the first cluster
# through postgres_fdw. `start` prints shell exports:
#   PERSONALIZATION_POSTGRES          an Npgsql connection string the PostgreSQL tests read
#   PERSONALIZATION_PG_DIR            the cluster's directory (what `stop` removes)
#   PERSONALIZATION_PG_BIN            the folder holding pg_ctl, initdb and postgres
#   PERSONALIZATION_POSTGRES_SHARDS   the shards' connection strings, separated by '|' (empty without shards)
#   PERSONALIZATION_PG_SHARD_DIRS     the shards' directories, separated by '|' (what `stop` also removes)
# Everything else goes to stderr, so `eval "$(... start)"` sees only the exports.
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }

find_bin() {
  local d
  for d in "${PERSONALIZATION_PG_BIN:-}" /usr/lib/postgresql/*/bin; do
    if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
      echo "$d"
      return 0
    fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v initdb)")"
    return 0
  fi
  return 1
}

install_postgres() {
  if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    log "PostgreSQL is not installed and this user cannot install it; install the 'postgresql' package (PostgreSQL 15 or later) and run again."
    exit 1
  fi
  log "installing PostgreSQL with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  (apt-get update -qq && apt-get install -y -qq postgresql >/dev/null) >&2
}

free_port() {
  python3 - <<'PY' 2>/dev/null || echo $(( 20000 + RANDOM % 20000 ))
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}

start_cluster() {
  local bin dir port user run_as
  bin=$(find_bin) || { install_postgres; bin=$(find_bin) || { log "PostgreSQL installed but initdb/pg_ctl were not found."; exit 1; }; }
  dir=$(mktemp -d "${TMPDIR:-/tmp}/personalization-pg.XXXXXX")
  chmod 755 "$dir"
  port=$(free_port)
  if [ "$(id -u)" = "0" ]; then
    user=pgtest
    id "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
    chown "$user" "$dir"
    run_as=(runuser -u "$user" --)
  else
    user=$(id -un)
    run_as=()
  fi
  "${run_as[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; log "initdb failed in $dir"; exit 1; }
  "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50" start >&2 \
    || { cat "$dir/server.log" >&2; log "the server did not start (port $port, directory $dir)"; exit 1; }
  log "PostgreSQL running on 127.0.0.1:$port (data in $dir)"
  echo "export PERSONALIZATION_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true'"
  echo "export PERSONALIZATION_PG_DIR='$dir'"
  echo "export PERSONALIZATION_PG_BIN='$bin'"
}

# Prints the value of export $2 from the output $1 of start_cluster.
export_value() { printf '%s\n' "$1" | sed -n "s/^export $2='\(.*\)'\$/\1/p"; }

start() {
  local main out count=${PERSONALIZATION_PG_SHARD_COUNT:-2} i shards=() shard_dirs=() IFS
  main=$(start_cluster)
  for ((i = 1; i <= count; i++)); do
    if ! out=$(start_cluster); then
      IFS='|'
      PERSONALIZATION_PG_DIR=$(export_value "$main" PERSONALIZATION_PG_DIR) PERSONALIZATION_PG_SHARD_DIRS="${shard_dirs[*]:-}" stop
      log "shard $i did not start; stopped the clusters started so far"
      exit 1
    fi
    shards+=("$(export_value "$out" PERSONALIZATION_POSTGRES)")
    shard_dirs+=("$(export_value "$out" PERSONALIZATION_PG_DIR)")
  done
  printf '%s\n' "$main"
  IFS='|'
  echo "export PERSONALIZATION_POSTGRES_SHARDS='${shards[*]:-}'"
  echo "export PERSONALIZATION_PG_SHARD_DIRS='${shard_dirs[*]:-}'"
}

stop() {
  local shard IFS='|'
  for shard in ${PERSONALIZATION_PG_SHARD_DIRS:-}; do
    [ -n "$shard" ] && stop_cluster "$shard"
  done
  stop_cluster "${PERSONALIZATION_PG_DIR:-}"
}

stop_cluster() {
  local dir=$1 bin
  if [ -z "$dir" ] || [ ! -d "$dir/data" ]; then
    return 0
  fi
  bin=$(find_bin) || true
  local run_as=()
  if [ "$(id -u)" = "0" ]; then
    run_as=(runuser -u pgtest --)
  fi
  # fast shutdown waits for running queries to notice; if one does not within the timeout, stop immediately,
  # so that removing the directory never leaves a server running
  "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >&2 \
    || "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 || true
  rm -rf "$dir"
  log "stopped and removed $dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: bash eng/postgres.sh start|stop" >&2; exit 1 ;;
esac
