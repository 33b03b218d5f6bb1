#!/usr/bin/env bash
# Builds a what-if extender jar: this commit (git archive HEAD) plus PATCH, in a scratch directory,
# never touching the worktree or ~/.m2 (package only). Prints the jar's path on stdout; use it as
# MUSTER_ALT_JAR for configuration f of loadtest/run-throughput.sh.
#   loadtest/whatif/build.sh loadtest/whatif/filter-reply-omit-failed-when-passing.patch [DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
patch=$(realpath "${1:?usage: build.sh PATCH [DIR]}")
dir=${2:-/tmp/muster-whatif-$(basename "$patch" .patch)}
rm -rf "$dir"
mkdir -p "$dir"
git archive HEAD | tar -x -C "$dir"
(cd "$dir" && git apply "$patch" && mvn -q -o -pl extender -am -DskipTests package >&2)
echo "$dir/extender/target/muster-extender.jar"
