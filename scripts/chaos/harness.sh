#!/usr/bin/env bash
# Shared by scripts/commands/chaos.sh and soak.sh: builds the services (if stale) and the harness in
# test-support, then runs one of its mains with the arguments that follow.
#   bash scripts/chaos/harness.sh NAME MAIN_CLASS [args...]
set -euo pipefail
cd "${OSTEON_ROOT:?run through ./osteon}"
name=$1 main=$2; shift 2
log() { echo "osteon $name: $*" >&2; }
# shellcheck source=../setup.sh
source scripts/setup.sh
# shellcheck source=../stack.sh
source scripts/stack.sh
stack_build
log "building the $name harness"
osteon_mvnw_offline_first -pl test-support -am compile dependency:build-classpath \
  -Dmdep.outputFile=target/chaos.classpath
cp="test-support/target/classes:$(cat test-support/target/chaos.classpath)"
exec java -Xmx1g -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider -Dslf4j.internal.verbosity=WARN \
  -cp "$cp" "$main" "$@"
