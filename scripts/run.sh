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
# JAVA_OPTS replaces the defaults in conf/jvm.options (heap and memory bounds) when set.
if [ -z "${JAVA_OPTS+x}" ]; then
  JAVA_OPTS=$(grep -v '^[[:space:]]*#' conf/jvm.options | xargs)
fi
# shellcheck disable=SC2086
exec java $JAVA_OPTS -jar "$jar" "$@"
