#!/usr/bin/env bash
# usage: ./osteon model gate|digest|pin|shadow|promote|rollback|status [args]  gate a candidate, pin it, shadow it, promote it or roll back (docs/scoring.md "Promotion and rollback")
# The human-approved way a new model gets in (docs/scoring.md, "Promotion and rollback"):
#   ./osteon model gate --live DIR --candidate DIR --dataset DIR --reference DIR [--scores FILE.jsonl]
#                       [--shadow-last N] --out CANDIDATE/gate    the gate (python3 -m osteon_training.model_gate)
#   ./osteon model digest DIR                   prints the model digest of a folder (what a pin names)
#   ./osteon model pin DIR SHA256 [REASON]      POST /api/model/pins: pins the digest you approved for DIR
#   ./osteon model shadow DIR SHA256            POST /api/model/swap as the shadow (the digest must be pinned)
#   ./osteon model promote DIR [REPORT_SHA256]  POST /api/model/promote: DIR must be the running shadow; without
#                                               REPORT_SHA256, the SHA-256 of DIR/gate/gate_report.json as read here
#   ./osteon model rollback                     POST /api/model/rollback: the primary before the latest promotion
#   ./osteon model status                       GET /api/model: models, digests, audit, the shadow's gate report
# The REST calls print scoring's JSON answer and exit 1 on any status but 2xx. Scoring is
# OSTEON_SCORING_URL (default http://localhost:8082); credentials, in order: OSTEON_SCORING_TOKEN (a
# bearer JWT with admin in groups), OSTEON_SCORING_TOKEN_FILE, the demo's .osteon/demo/jwt/scoring-admin-token;
# or a client certificate: OSTEON_SCORING_CLIENT_CERT and OSTEON_SCORING_CLIENT_KEY (PEM), with
# OSTEON_SCORING_CA to trust scoring's HTTPS certificate. A DIR that exists here is sent as its absolute
# path; otherwise as given (scoring resolves it against its models root). NOT FOR CLINICAL USE.
set -euo pipefail
cd "${OSTEON_ROOT:?run through ./osteon}"

SCORING_URL=${OSTEON_SCORING_URL:-http://localhost:8082}

die() { echo "osteon model: $*" >&2; exit 2; }

# The model digest exactly as scoring's ModelFiles takes it (scoring/README.md gives the jq form).
model_digest() { # dir
  [ -f "$1/model.json" ] || die "$1 has no model.json"
  /usr/bin/python3 - "$1" <<'PY'
import hashlib, json, os, sys
d = sys.argv[1]
names = {"model.json", "golden/golden.json"}
names.add(json.load(open(os.path.join(d, "model.json")))["file"])
for c in json.load(open(os.path.join(d, "golden/golden.json")))["cases"]:
    names.update({"golden/" + c["file"], "golden/" + c["input"]})
lines = "".join(
    hashlib.sha256(open(os.path.join(d, n), "rb").read()).hexdigest() + "  " + n + "\n"
    for n in sorted(names, key=lambda n: n.encode())
)
print(hashlib.sha256(lines.encode("ascii")).hexdigest())
PY
}

remote_dir() { # dir: absolute when it exists here, else as given
  if [ -d "$1" ]; then realpath "$1"; else echo "$1"; fi
}

json_string() { /usr/bin/python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$1"; }

scoring_call() { # METHOD PATH [JSON body]
  local auth=() token="" out status
  if [ -n "${OSTEON_SCORING_CLIENT_CERT:-}" ]; then
    auth=(--cert "$OSTEON_SCORING_CLIENT_CERT" --key "${OSTEON_SCORING_CLIENT_KEY:?with OSTEON_SCORING_CLIENT_CERT}")
  elif [ -n "${OSTEON_SCORING_TOKEN:-}" ]; then
    token=$OSTEON_SCORING_TOKEN
  elif [ -n "${OSTEON_SCORING_TOKEN_FILE:-}" ]; then
    token=$(<"$OSTEON_SCORING_TOKEN_FILE")
  elif [ -f "$OSTEON_ROOT/.osteon/demo/jwt/scoring-admin-token" ]; then
    token=$(<"$OSTEON_ROOT/.osteon/demo/jwt/scoring-admin-token")
  fi
  [ -z "${OSTEON_SCORING_CA:-}" ] || auth+=(--cacert "$OSTEON_SCORING_CA")
  out=$(mktemp)
  local args=(-sS -o "$out" -w '%{http_code}' -X "$1" "${auth[@]}")
  # The token goes in a header read from standard input, never as an argument ps would show.
  [ -z "$token" ] || args+=(-H @-)
  [ $# -lt 3 ] || args+=(-H 'Content-Type: application/json' --data-binary "$3")
  status=$(printf 'Authorization: Bearer %s\n' "$token" | curl "${args[@]}" "$SCORING_URL$2") || {
    echo "osteon model: scoring at $SCORING_URL did not answer" >&2
    rm -f "$out"
    return 1
  }
  cat "$out"
  echo
  rm -f "$out"
  case "$status" in
    2??) return 0 ;;
    *) echo "osteon model: $1 $2 answered HTTP $status" >&2; return 1 ;;
  esac
}

cmd=${1:-}
[ $# -eq 0 ] || shift
case "$cmd" in
  gate)
    # Paths stay relative to the repository root, as for ./osteon evaluate.
    PYTHONPATH="$OSTEON_ROOT/training${PYTHONPATH:+:$PYTHONPATH}" exec /usr/bin/python3 -m osteon_training.model_gate "$@"
    ;;
  digest)
    [ $# -eq 1 ] || die "usage: digest DIR"
    model_digest "$1"
    ;;
  pin)
    [ $# -ge 2 ] && [ $# -le 3 ] || die "usage: pin DIR SHA256 [REASON]"
    scoring_call POST /api/model/pins "{\"dir\": $(json_string "$(remote_dir "$1")"), \"sha256\": $(json_string "$2"), \"reason\": $(json_string "${3:-pinned with ./osteon model pin}")}"
    ;;
  shadow)
    [ $# -eq 2 ] || die "usage: shadow DIR SHA256"
    scoring_call POST /api/model/swap "{\"dir\": $(json_string "$(remote_dir "$1")"), \"role\": \"shadow\", \"pinnedSha256\": $(json_string "$2")}"
    ;;
  promote)
    [ $# -ge 1 ] && [ $# -le 2 ] || die "usage: promote DIR [REPORT_SHA256]"
    report=${2:-}
    if [ -z "$report" ]; then
      [ -f "$1/gate/gate_report.json" ] || die "no $1/gate/gate_report.json here: give REPORT_SHA256"
      report=$(sha256sum "$1/gate/gate_report.json" | cut -d' ' -f1)
      echo "osteon model: approving gate report $1/gate/gate_report.json, sha256 $report" >&2
    fi
    scoring_call POST /api/model/promote "{\"dir\": $(json_string "$(remote_dir "$1")"), \"gateReportSha256\": $(json_string "$report")}"
    ;;
  rollback)
    [ $# -eq 0 ] || die "usage: rollback"
    scoring_call POST /api/model/rollback '{}'
    ;;
  status)
    [ $# -eq 0 ] || die "usage: status"
    scoring_call GET /api/model
    ;;
  *)
    sed -n '3,18p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
