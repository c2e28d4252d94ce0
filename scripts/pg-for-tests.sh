#!/usr/bin/env bash
# Sourced by scripts/test.sh. Exports HOOKRELAY_TEST_PG_URL, pointing at a PostgreSQL for the tests:
# the one on 127.0.0.1:5432 when it answers; else the machine's cluster started with pg_ctlcluster;
# else a throwaway one made with initdb in target/pg (as a non-root user) on a free port.

PG_STARTED_BY_US=""

pg_answers() { # host port
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$1" -p "$2" -t 2
  else
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
  fi
}

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$dir" ]; then echo "$dir"; else dirname "$(command -v initdb 2>/dev/null || echo /usr/bin/initdb)"; fi
}

pg_for_tests_start() {
  if [ -n "${HOOKRELAY_TEST_PG_URL:-}" ]; then
    echo "tests use PostgreSQL at $HOOKRELAY_TEST_PG_URL (given)"
    return 0
  fi
  if pg_answers 127.0.0.1 5432; then
    export HOOKRELAY_TEST_PG_URL="postgresql://postgres@127.0.0.1:5432/postgres"
    echo "tests use the PostgreSQL already running on 127.0.0.1:5432"
    return 0
  fi
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -n "$(ls /etc/postgresql 2>/dev/null)" ]; then
    local version
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    echo "starting PostgreSQL $version main with pg_ctlcluster"
    if pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || pg_ctlcluster "$version" main start; then
      for _ in $(seq 1 30); do pg_answers 127.0.0.1 5432 && break; sleep 1; done
      if pg_answers 127.0.0.1 5432; then
        PG_STARTED_BY_US="cluster:$version"
        export HOOKRELAY_TEST_PG_URL="postgresql://postgres@127.0.0.1:5432/postgres"
        return 0
      fi
    fi
    echo "pg_ctlcluster did not bring up 127.0.0.1:5432; falling back to initdb"
  fi
  pg_for_tests_initdb
}

pg_for_tests_initdb() {
  local bin dir port runas
  bin=$(pg_bin)
  if [ ! -x "$bin/initdb" ]; then
    echo "no PostgreSQL here: installing it with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin=$(pg_bin)
  fi
  dir="$PWD/target/pg"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)
  runas=()
  if [ "$(id -u)" = "0" ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    runas=(runuser -u postgres --)
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  [ "$(id -u)" = "0" ] && chown postgres "$dir"
  "${runas[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
  "${runas[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c max_connections=300 -c fsync=off" start >/dev/null
  PG_STARTED_BY_US="initdb:$dir"
  export HOOKRELAY_TEST_PG_URL="postgresql://postgres@127.0.0.1:$port/postgres"
  echo "tests use a PostgreSQL started in $dir on port $port"
}

pg_for_tests_stop() {
  case "$PG_STARTED_BY_US" in
    cluster:*) pg_ctlcluster --skip-systemctl-redirect "${PG_STARTED_BY_US#cluster:}" main stop 2>/dev/null \
                 || pg_ctlcluster "${PG_STARTED_BY_US#cluster:}" main stop || true ;;
    initdb:*)
      local dir="${PG_STARTED_BY_US#initdb:}" runas=()
      [ "$(id -u)" = "0" ] && runas=(runuser -u postgres --)
      "${runas[@]}" "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true ;;
  esac
}
