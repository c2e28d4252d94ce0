#!/usr/bin/env bash
# Starts hookrelay in the foreground, building the jar first when it is missing or older than the
# sources. Arguments go to the server: --conf FILE, --cluster.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=target/hookrelay.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml src conf -newer "$jar" -type f -print -quit)" ]; then
  echo "building $jar ..." >&2
  mvn -B -q -Dstyle.color=never -DskipTests package >&2
fi
exec java ${JAVA_OPTS:-} -jar "$jar" "$@"
