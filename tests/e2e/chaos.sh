#!/usr/bin/env bash
# The short chaos run of ./osteon test: 60 new studies at 2 a second while the gateway, the streams
# app, scoring, the worklist adapter and the broker are each killed with SIGKILL and restarted; it
# fails unless every acknowledged image has exactly one worklist outcome and nothing was duplicated.
# The full run is ./osteon chaos (1000 studies); docs/reliability.md.
set -euo pipefail
OSTEON_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$OSTEON_ROOT"
out=$(./osteon chaos --studies 60 --rate 2 --work .osteon/chaos-e2e | tail -1)
echo "chaos: $out"
echo "$out" | /usr/bin/python3 -c '
import json, sys
v = json.load(sys.stdin)
assert v["sent"] == 60, v
assert v["lost"] == 0 and v["duplicated"] == 0, v
assert [f["component"] for f in v["faults"]] == ["gateway", "streams", "scoring", "worklist-adapter", "broker"], v
print("chaos: ok: 60 sent, 0 lost, 0 duplicated over 5 faults")'
