#!/usr/bin/env bash
# usage: ./osteon derive-study-key   print the worklist adapter's study-key secret for the master pseudonym secret (from OSTEON_DEID_HMAC_SECRET or stdin)
#
# The worklist adapter never gets the master pseudonym secret (osteon.deid.hmac-secret): it gets
# osteon.worklist.study-key-secret, the HKDF subkey that makes study keys and nothing else
# (docs/deidentification.md, "Keys"). This prints it, one line, for the master secret read from the
# environment variable OSTEON_DEID_HMAC_SECRET or from standard input (a silent prompt on a terminal);
# never pass the secret as an argument, where ps shows it. One trailing newline on standard input is dropped.
#   kubectl get secret osteon-deid -o jsonpath='{.data.hmac-secret}' | base64 -d | ./osteon derive-study-key
set -euo pipefail
cd "${OSTEON_ROOT:?run through ./osteon}"
classes=schemas/target/classes
main=$classes/org/osteon/schemas/key/DeriveStudyKey.class
if [ ! -f "$main" ] || [ -n "$(find schemas/src/main/java/org/osteon/schemas/key -newer "$main" -type f -print -quit)" ]; then
  echo "osteon derive-study-key: building schemas" >&2
  # shellcheck source=../setup.sh
  source scripts/setup.sh
  osteon_mvnw_offline_first compile -pl schemas </dev/null
fi
exec java -cp "$classes" org.osteon.schemas.key.DeriveStudyKey "$@"
