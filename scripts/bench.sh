#!/usr/bin/env bash
# Benchmarks hookrelay on this machine (docs/benchmark.md): deliveries per second, end-to-end
# latency, lost deliveries, and the ratio to the raw limit of the machine's HTTP stack, measured in
# the same run. Runs the bench's own jar (target/hookrelay-bench.jar, built from src/bench), which
# starts the server from target/hookrelay.jar; builds both when one is missing or older than its
# sources. All traffic stays on 127.0.0.1. The last line of output is the result as JSON (also in
# target/bench/result.json).
#
#   scripts/bench.sh [--store memory|postgres] [--fanout 10] [--duration 30s] [--warmup 5s]
#                    [--connections 64] [--payload-bytes 200] [--receivers 1] [--receiver-latency 0ms]
#                    [--failure-rate 0] [--rate R] [--latency-phase true|false] [--server-jvm-opts "..."]
#                    [--out DIR]   (--help lists every option)
#   scripts/bench.sh --store postgres --log-fill 5000000   fills the delivery log and times its pages
#
# BENCH_JAVA_OPTS sets the JVM options of the bench driver (the load generator).
set -euo pipefail
cd "$(dirname "$0")/.."

server_jar=target/hookrelay.jar
bench_jar=target/hookrelay-bench.jar
# stale JAR SOURCE...: the jar is missing or a file under the sources is newer
stale() {
  [ ! -f "$1" ] || [ -n "$(find "${@:2}" -newer "$1" -type f -print -quit)" ]
}
if stale "$server_jar" pom.xml src/main conf || stale "$bench_jar" pom.xml src/bench; then
  echo "building $server_jar and $bench_jar ..." >&2
  mvn -B -q -DskipTests package >&2
fi

# The raw limit is measured the way the field measures it, wrk -> nginx (Debian packages). Install
# them when missing and we may; otherwise the bench says so and falls back to its JVM pair.
if ! command -v wrk >/dev/null 2>&1 || ! { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; }; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing wrk and nginx-light for the raw limit ..." >&2
    { apt-get install -y -q wrk nginx-light || { apt-get update -q && apt-get install -y -q wrk nginx-light; }; } >&2 \
      || echo "could not install wrk/nginx: the raw limit falls back to the JVM pair" >&2
  else
    echo "wrk or nginx missing and not root: the raw limit falls back to the JVM pair" >&2
  fi
fi

out=target/bench
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[$i]}" in
    --out) out="${args[$((i + 1))]:-$out}" ;;
    --out=*) out="${args[$i]#--out=}" ;;
  esac
done
mkdir -p "$out"

driver=""
# The driver stops its children itself (also from a shutdown hook); this catches what a killed
# driver leaves: only the processes it listed, and only while they are still this bench's.
cleanup() {
  if [ -n "$driver" ] && kill -0 "$driver" 2>/dev/null; then
    kill "$driver" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$driver" 2>/dev/null || break; sleep 0.2; done
  fi
  if [ -f "$out/children.pids" ]; then
    while read -r pid; do
      [ -n "$pid" ] || continue
      if grep -qa 'io.hookrelay' "/proc/$pid/cmdline" 2>/dev/null || grep -qa 'hookrelay.jar' "/proc/$pid/cmdline" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
      fi
    done < "$out/children.pids"
    rm -f "$out/children.pids"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# On a shared machine the bench runs ahead of everything else: Linux schedules each session as
# one "autogroup", so a plain nice would only rank the bench against itself. Raising its autogroup
# (root only; best effort) lets wrk, nginx, the sink, the load generator and the server all run
# first, so the raw limit and hookrelay are measured under the same conditions.
echo -20 >/proc/self/autogroup 2>/dev/null || true
# shellcheck disable=SC2086
java ${BENCH_JAVA_OPTS:--Xms256m -Xmx1g} -Djava.awt.headless=true -cp "$bench_jar" io.hookrelay.bench.Bench "$@" &
driver=$!
status=0
wait "$driver" || status=$?
driver=""
exit "$status"
