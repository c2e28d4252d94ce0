#!/usr/bin/env bash
# Sourced by scripts/test.sh. Exports HOOKRELAY_TEST_PG_URL, pointing at a PostgreSQL for the tests:
# the one on 127.0.0.1:5432 when it answers and lets user postgres in without a password; else the
# machine's cluster started with pg_ctlcluster; else a throwaway one made with initdb in target/pg (as a
# non-root user; under /tmp when that user cannot reach target/) on a free port.
# pg_for_tests_stop stops whatever pg_for_tests_start started, and nothing else.

PG_STARTED_BY_US=""
PG_TEMP_DIR=""

pg_answers() { # host port
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$1" -p "$2" -t 2
  else
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
  fi
}

# Answers, and lets user postgres in without a password (the tests' URL carries none).
pg_usable() { # host port
  pg_answers "$1" "$2" || return 1
  command -v psql >/dev/null 2>&1 || return 0
  PGCONNECT_TIMEOUT=5 psql -w -q -h "$1" -p "$2" -U postgres -d postgres -Atc 'SELECT 1' >/dev/null 2>&1
}

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$dir" ]; then echo "$dir"; else dirname "$(command -v initdb 2>/dev/null || echo /usr/bin/initdb)"; fi
}

pg_free_port() {
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null)
  if [ -n "$port" ]; then echo "$port"; return 0; fi
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  echo 55432
}

pg_for_tests_start() {
  if [ -n "${HOOKRELAY_TEST_PG_URL:-}" ]; then
    echo "tests use PostgreSQL at $HOOKRELAY_TEST_PG_URL (given)"
    return 0
  fi
  if pg_usable 127.0.0.1 5432; then
    export HOOKRELAY_TEST_PG_URL="postgresql://postgres@127.0.0.1:5432/postgres"
    echo "tests use the PostgreSQL already running on 127.0.0.1:5432"
    return 0
  fi
  if ! pg_answers 127.0.0.1 5432 && command -v pg_ctlcluster >/dev/null 2>&1 \
      && [ -n "$(ls /etc/postgresql 2>/dev/null)" ]; then
    local version
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    echo "starting PostgreSQL $version main with pg_ctlcluster"
    if pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || pg_ctlcluster "$version" main start; then
      PG_STARTED_BY_US="cluster:$version"
      for _ in $(seq 1 30); do pg_answers 127.0.0.1 5432 && break; sleep 1; done
      if pg_usable 127.0.0.1 5432; then
        export HOOKRELAY_TEST_PG_URL="postgresql://postgres@127.0.0.1:5432/postgres"
        return 0
      fi
      echo "the cluster does not let user postgres in over TCP without a password; stopping it again"
      pg_for_tests_stop
    fi
    echo "pg_ctlcluster did not bring up a usable 127.0.0.1:5432; falling back to initdb"
  fi
  pg_for_tests_initdb
}

pg_for_tests_initdb() {
  local bin dir port runas=()
  bin=$(pg_bin)
  if [ ! -x "$bin/initdb" ]; then
    echo "no PostgreSQL here: installing it with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin=$(pg_bin)
  fi
  dir="$PWD/target/pg"
  pg_stop_leftover "$bin" "$dir"
  rm -rf "$dir"
  mkdir -p "$dir"
  if [ "$(id -u)" = "0" ]; then
    # PostgreSQL refuses to run as root: the server runs as user postgres, which must reach its directory
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    runas=(runuser -u postgres --)
    chown postgres "$dir"
    if ! runuser -u postgres -- test -w "$dir"; then
      rm -rf "$dir"
      dir=$(mktemp -d /tmp/hookrelay-pg.XXXXXX)
      PG_TEMP_DIR="$dir"
      chown postgres "$dir"
    fi
  fi
  port=$(pg_free_port)
  # --no-locale: a LANG naming a locale the machine lacks would stop initdb
  (cd "$dir" && "${runas[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null) \
    || { echo "initdb failed in $dir"; return 1; }
  if ! (cd "$dir" && "${runas[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c max_connections=300 -c fsync=off" start >/dev/null); then
    echo "PostgreSQL did not start; its log:"; cat "$dir/log" 2>/dev/null
    return 1
  fi
  PG_STARTED_BY_US="initdb:$dir"
  export HOOKRELAY_TEST_PG_URL="postgresql://postgres@127.0.0.1:$port/postgres"
  echo "tests use a PostgreSQL started in $dir on port $port"
}

# A server an interrupted run left behind in target/pg would go on running without its files.
pg_stop_leftover() { # bin dir
  [ -f "$2/data/postmaster.pid" ] || return 0
  local runas=()
  [ "$(id -u)" = "0" ] && runas=(runuser -u postgres --)
  (cd / && "${runas[@]}" "$1/pg_ctl" -D "$2/data" -m immediate stop >/dev/null 2>&1) || true
}

pg_for_tests_stop() {
  case "$PG_STARTED_BY_US" in
    cluster:*) pg_ctlcluster --skip-systemctl-redirect "${PG_STARTED_BY_US#cluster:}" main stop 2>/dev/null \
                 || pg_ctlcluster "${PG_STARTED_BY_US#cluster:}" main stop || true ;;
    initdb:*)
      local dir="${PG_STARTED_BY_US#initdb:}" runas=()
      [ "$(id -u)" = "0" ] && runas=(runuser -u postgres --)
      (cd / && "${runas[@]}" "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast stop >/dev/null) || true
      if [ -n "$PG_TEMP_DIR" ]; then rm -rf "$PG_TEMP_DIR"; PG_TEMP_DIR=""; fi ;;
  esac
  PG_STARTED_BY_US=""
}
