#!/usr/bin/env bash
# Sends events to a hookrelay cluster over the clustered event bus, joining it as a Hazelcast lite
# member; builds the jar first when it is missing or older than the sources. Arguments go to
# `hookrelay produce`, e.g.
#   scripts/produce.sh --members 127.0.0.1:5701 --tenant <cuid> --event ReportPublished --target-cuid <cuid> [--count N] [--rate R]
set -euo pipefail
cd "$(dirname "$0")/.."

jar=target/hookrelay.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml src conf -newer "$jar" -type f -print -quit)" ]; then
  echo "building $jar ..." >&2
  mvn -B -q -DskipTests package >&2
fi
exec java ${JAVA_OPTS:-} -jar "$jar" produce "$@"
