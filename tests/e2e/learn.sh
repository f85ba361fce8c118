#!/usr/bin/env bash
# The learning loop end to end, short version (docs/learning.md): `./osteon learn --demo --quick` on the
# embedded stack with a 64 px live model and 200 studies of a new site. It fails unless the candidate
# fine-tuned on the site's diagnosed studies passes the promotion gate with the site's sensitivity up by
# at least 0.05 (paired 95 % CI above 0) and the reference set non-inferior, the deliberately worse
# candidate fails the gate, and the admin's approval on the page's API makes the candidate the live
# model. Then it checks what the loop left behind: diagnoses arrived by both HL7 and REST, the dataset
# is read-only, names its images by pseudonym only and carries its data card, and scoring's audit
# records the pin and the promotion with the gate report's hash.
set -euo pipefail
OSTEON_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$OSTEON_ROOT"
fail() { echo "learn: FAIL: $*" >&2; exit 1; }
ok() { echo "learn: ok: $*"; }

line=$(./osteon learn --demo --quick | tail -1) || fail "./osteon learn --demo --quick: $line"
echo "learn: $line"
get() { echo "$line" | /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
[ "$(get 'd["gate_decision"]')" = PASS ] || fail "the candidate did not pass the gate"
[ "$(get 'd["worse_candidate"]["decision"]')" = FAIL ] || fail "the worse candidate passed the gate"
[ "$(get 'd["promoted_model_version"] == d["candidate_model"]')" = True ] || fail "the candidate was not promoted"
ok "gate PASS, worse candidate FAIL, $(get 'd["candidate_model"]') promoted"
[ "$(get 'd["diagnoses"]["hl7_accepted"] > 0 and d["diagnoses"]["rest_accepted"] > 0 and d["diagnoses"]["refused"] == 0')" = True ] \
  || fail "diagnoses did not arrive by both HL7 and REST: $(get 'd["diagnoses"]')"
ok "diagnoses by HL7 and REST: $(get 'd["diagnoses"]')"

dataset=$(get 'd["dataset"]')
[ -z "$(find "$dataset" -type f -perm /222 -print -quit)" ] || fail "a dataset file is writable"
/usr/bin/python3 - "$dataset" <<'PY' || fail "the dataset's names or card"
import csv, json, os, re, sys
root = sys.argv[1]
card = json.load(open(os.path.join(root, "data_card.json")))
rows = list(csv.DictReader(open(os.path.join(root, "labels.csv"))))
assert card["images"] == len(rows) == 200, (card["images"], len(rows))
pseudonym = re.compile(r"^[a-z2-7]+$")
for r in rows:
    assert pseudonym.match(r["study_key"]) and r["file"] == f"images/{r['instance_key']}.dcm", r
for name in os.listdir(os.path.join(root, "images")):
    assert pseudonym.match(name[: -len(".dcm")]), name
assert set(card["by_label_source"]) == {"diagnosis:pathology"}, card["by_label_source"]
PY
ok "dataset read-only, named by pseudonyms, 200 images labelled by pathology diagnoses"

audit=.osteon/learn/models/.osteon-pins.jsonl
[ -f "$audit" ] || fail "no audit file"
/usr/bin/python3 - "$audit" "$(get 'd["gate_report_sha256"]')" <<'PY' || fail "the audit"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
actions = [l["action"] for l in lines]
assert actions[-2:] == ["pin", "promote"] or actions.count("promote") == 1, actions
promote = [l for l in lines if l["action"] == "promote"][-1]
assert promote["gate_report_sha256"] == sys.argv[2], promote
PY
ok "audit: pin and promotion, with the gate report's hash"
