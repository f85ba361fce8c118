#!/usr/bin/env bash
# The short three-broker chaos run of ./osteon test: a KRaft cluster of three nodes (replication
# factor 3, two in sync) and one instance of each service; 60 new studies at 2 a second while each
# service and then each broker, the active controller first, is killed with SIGKILL and restarted.
# It fails unless every acknowledged image has exactly one worklist outcome, nothing was duplicated,
# and no C-STORE failed while a broker was down. The full run is ./osteon chaos --brokers 3 (1000
# studies, two instances of each service); docs/reliability.md.
set -euo pipefail
OSTEON_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$OSTEON_ROOT"
out=$(./osteon chaos --brokers 3 --instances 1 --studies 60 --rate 2 --work .osteon/chaos-cluster-e2e | tail -1)
echo "chaos (3 brokers): $out"
echo "$out" | /usr/bin/python3 -c '
import json, sys
v = json.load(sys.stdin)
assert v["brokers"] == 3 and v["sent"] == 60, v
assert v["lost"] == 0 and v["duplicated"] == 0, v
assert v["failed_stores_during_broker_loss"] == 0, v
components = [f["component"] for f in v["faults"]]
assert components[:4] == ["gateway", "streams", "scoring", "worklist-adapter"], v
assert sorted(components[4:]) == ["broker-1", "broker-2", "broker-3"], v
assert v["faults"][4].get("role") == "active controller", v
assert all(f["outcomes_resumed_ms"] >= 0 for f in v["faults"]), v
print("chaos (3 brokers): ok: 60 sent, 0 lost, 0 duplicated, no store failed while a broker was down")'
