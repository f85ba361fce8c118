#!/usr/bin/env bash
# Starts, drives and stops the embedded Osteon stack, each part a process of its own: the launcher's
# single-node KRaft broker and PostgreSQL, then the gateway, streams, scoring and worklist-adapter JVMs.
# Sourced by ./osteon demo and by tests/e2e/e2e.sh, so both run the very same system.
# The environment variables are the contract in docs/runtime-contract.md.

OSTEON_ROOT=${OSTEON_ROOT:?}
STACK_DIR=${STACK_DIR:-$OSTEON_ROOT/.osteon/demo}
BOOTSTRAP=localhost:9092
DICOM_PORT=11112
DICOM_AET=OSTEON
WORKLIST_URL=http://localhost:8080
DATABASE_PORT=55432
GATEWAY_URL=http://localhost:8081
# The gateway serves health and metrics on its management interface, apart from ingest (STOW-RS).
GATEWAY_MANAGEMENT_URL=http://localhost:9081
STREAMS_MANAGEMENT_URL=http://localhost:9083
SCORING_URL=http://localhost:8082
# Orthanc is the demo's PACS (STACK_PACS=orthanc, the default; STACK_PACS=none runs without one):
# studies are uploaded to it, it routes each stored instance to Osteon, and Osteon stores its results
# (SR and presentation state) back into the same study. Ports apart from Debian's orthanc service
# (8042/4242), so the two never clash.
STACK_PACS=${STACK_PACS:-orthanc}
ORTHANC_URL=http://localhost:8043
ORTHANC_DICOM_PORT=4243
ORTHANC_AET=ORTHANC
ORTHANC_USER=osteon
# The calling AE of Osteon's result C-STOREs (osteon.results.calling-ae-title).
RESULTS_CALLING_AET=OSTEON
ORTHANC_PASSWORD=${OSTEON_DEMO_ORTHANC_PASSWORD:-$(head -c 12 /dev/urandom | base64 | tr -d '/+=\n')}
PIDS=()
# Demo users of the worklist page and API (embedded realm; docs/worklist.md). Fresh passwords per
# shell unless given, printed when the stack starts; production configures users or OIDC instead.
DEMO_READER=reader
DEMO_READER_PASSWORD=${OSTEON_DEMO_READER_PASSWORD:-$(head -c 12 /dev/urandom | base64 | tr -d '/+=\n')}
DEMO_ADMIN=admin
DEMO_ADMIN_PASSWORD=${OSTEON_DEMO_ADMIN_PASSWORD:-$(head -c 12 /dev/urandom | base64 | tr -d '/+=\n')}
# Calling AE titles the gateway accepts (comma-separated). The jar runs in %prod, where an empty list
# refuses every association; the demo sets "any" explicitly, so that any local sender can try it
# (a hospital lists its modalities and PACS); the end-to-end test lists PACS only.
STACK_CALLING_AES=${STACK_CALLING_AES:-any}
# Extra environment (VAR=value words) for one service, added after the stack's own so that it wins, e.g.
# for ./osteon learn: model swap in scoring (OSTEON_SCORING_MODEL_SWAP_ENABLED=true,
# OSTEON_SCORING_MODELS_ROOT, OSTEON_SCORING_MODEL_SWAP_PINNED_SHA256, OSTEON_SCORING_SHADOW_MODEL_DIR),
# the site streams stamps on events (OSTEON_SITE) and the worklist adapter's diagnosis listener.
[ -n "${STACK_SCORING_ENV+x}" ] || STACK_SCORING_ENV=()
[ -n "${STACK_STREAMS_ENV+x}" ] || STACK_STREAMS_ENV=()
[ -n "${STACK_WORKLIST_ENV+x}" ] || STACK_WORKLIST_ENV=()
# STOW-RS needs a bearer token: the stack makes a signing key per run, the gateway trusts its public
# half, and DEMO_STOW_TOKEN is a token for the ingest role (printed like the passwords).
DEMO_JWT_ISSUER=urn:osteon:demo

log() { echo "osteon: $*" >&2; }

app_jar() { echo "$OSTEON_ROOT/$1/target/quarkus-app/quarkus-run.jar"; }

# Builds the apps when a jar is missing or any source is newer than it.
stack_build() {
  local stale=""
  for m in gateway streams scoring worklist-adapter; do
    local jar; jar=$(app_jar "$m")
    if [ ! -f "$jar" ] || [ -n "$(find "$OSTEON_ROOT/$m/src" "$OSTEON_ROOT/schemas/src" "$OSTEON_ROOT/platform/src" "$OSTEON_ROOT/$m/pom.xml" "$OSTEON_ROOT/pom.xml" -newer "$jar" -print -quit)" ]; then
      stale=yes
    fi
  done
  [ -d "$OSTEON_ROOT/launcher/target/lib" ] && [ -d "$OSTEON_ROOT/launcher/target/classes" ] \
    && [ -z "$(find "$OSTEON_ROOT/launcher/src" "$OSTEON_ROOT/launcher/pom.xml" -newer "$OSTEON_ROOT/launcher/target/classes" -print -quit)" ] \
    || stale=yes
  if [ -n "$stale" ]; then
    log "building the services (first time takes a few minutes)"
    (cd "$OSTEON_ROOT" && ./mvnw -B -q package -DskipTests) >&2
  fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

refuse_busy_ports() {
  local p
  for p in 9092 9093 $DATABASE_PORT 11112 8080 8081 8082 8083 9081 9083 8043 $ORTHANC_DICOM_PORT; do
    if port_open "$p"; then
      log "port $p is already in use; stop whatever holds it (another demo?) and try again"
      return 1
    fi
  done
}

wait_ready() { # name url timeout_s pid
  local name=$1 url=$2 timeout=$3 pid=$4 waited=0
  until curl -fs "$url/q/health/ready" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "$name exited during start-up; last lines of $STACK_DIR/logs/$name.log:"
      tail -40 "$STACK_DIR/logs/$name.log" >&2
      return 1
    fi
    sleep 0.5; waited=$((waited + 1))
    if [ "$waited" -gt $((timeout * 2)) ]; then
      log "$name not ready after ${timeout}s; see $STACK_DIR/logs/$name.log"
      return 1
    fi
  done
  log "$name ready"
}

start_app() { # name module env...
  local name=$1 module=$2; shift 2
  # One log line per span of each image's trace (stage and times, no PHI; docs/scaling.md, "Latency budget").
  env OSTEON_TRACING_LOG_SPANS="${OSTEON_TRACING_LOG_SPANS:-true}" "$@" java ${OSTEON_JAVA_OPTS:--Xmx768m} -jar "$(app_jar "$module")" >"$STACK_DIR/logs/$name.log" 2>&1 &
  PIDS+=($!)
  echo $!
}

# The launcher's mains (the broker, the database): the demo's embedded default, never in an app's jar.
start_launcher() { # name main-class env...
  local name=$1 main=$2; shift 2
  env "$@" java -Xmx512m -cp "$OSTEON_ROOT/launcher/target/classes:$OSTEON_ROOT/launcher/target/lib/*" \
    "org.osteon.launcher.$main" >"$STACK_DIR/logs/$name.log" 2>&1 &
  PIDS+=($!)
  echo $!
}

wait_port() { # name port timeout_s pid
  local name=$1 port=$2 timeout=$3 pid=$4 waited=0
  until port_open "$port"; do
    kill -0 "$pid" 2>/dev/null || { log "$name exited; see $STACK_DIR/logs/$name.log"; tail -40 "$STACK_DIR/logs/$name.log" >&2; return 1; }
    sleep 0.5; waited=$((waited + 1)); [ "$waited" -lt $((timeout * 2)) ] || { log "$name did not open $port"; return 1; }
  done
  log "$name ready"
}

stack_start() {
  refuse_busy_ports || return 1
  rm -rf "$STACK_DIR"
  mkdir -p "$STACK_DIR/logs" "$STACK_DIR/phi-store" "$STACK_DIR/research-store"
  # A fresh pseudonym secret per run: it exists only in these processes' environments.
  # STACK_DEID_SECRET fixes it instead, for synthetic runs that must be the same every time (./osteon learn).
  local secret; secret=${STACK_DEID_SECRET:-$(head -c 48 /dev/urandom | base64 | tr -d '\n')}
  # The worklist adapter gets only the study-key subkey of it (piped in: never an argument, which ps shows).
  local study_key_secret
  study_key_secret=$(printf '%s' "$secret" | bash "$OSTEON_ROOT/scripts/commands/derive-study-key.sh") || return 1
  local common=(KAFKA_BOOTSTRAP_SERVERS=$BOOTSTRAP)
  mkdir -p "$STACK_DIR/jwt"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$STACK_DIR/jwt/signing-key.pem" 2>/dev/null
  openssl pkey -in "$STACK_DIR/jwt/signing-key.pem" -pubout -out "$STACK_DIR/jwt/public-key.pem"
  DEMO_STOW_TOKEN=$(mint_token "$STACK_DIR/jwt/signing-key.pem" ingest 86400)
  echo "$DEMO_STOW_TOKEN" >"$STACK_DIR/jwt/stow-token"
  # Scoring trusts the same issuer for its admin endpoints (swap, pins, promote, rollback); ./osteon
  # model reads this admin token (owner-only) unless OSTEON_SCORING_TOKEN(_FILE) names another.
  (umask 077 && mint_token "$STACK_DIR/jwt/signing-key.pem" admin 86400 demo-model-admin >"$STACK_DIR/jwt/scoring-admin-token")
  local callers=(OSTEON_GATEWAY_DICOM_ALLOWED_CALLING_AE_TITLES="$STACK_CALLING_AES")
  [ "$STACK_CALLING_AES" != any ] || callers=(OSTEON_GATEWAY_DICOM_ALLOW_ANY_CALLING_AE=true)
  local bpid dpid gpid spid wpid cpid opid results=() viewer=()
  if [ "$STACK_PACS" = orthanc ]; then
    # The worklist page links each study to Orthanc Explorer (docs/worklist.md#link-to-the-pacs-viewer).
    viewer=(OSTEON_WORKLIST_PACS_VIEWER_URL="$ORTHANC_URL/app/explorer.html#study?uuid={OrthancStudyId}")
    opid=$(start_orthanc) || return 1
    ORTHANC_PID=$opid
    # The results writer reads activation maps from the research store and keeps its join state here.
    results=(OSTEON_STORE_RESEARCH_ROOT="$STACK_DIR/research-store" OSTEON_RESULTS_STATE_DIR="$STACK_DIR/results-state"
      OSTEON_RESULTS_DESTINATIONS_ORTHANC_PROTOCOL=dimse OSTEON_RESULTS_DESTINATIONS_ORTHANC_HOST=127.0.0.1
      OSTEON_RESULTS_DESTINATIONS_ORTHANC_PORT=$ORTHANC_DICOM_PORT OSTEON_RESULTS_DESTINATIONS_ORTHANC_AE_TITLE=$ORTHANC_AET
      OSTEON_RESULTS_CALLING_AE_TITLE=$RESULTS_CALLING_AET
      "${STACK_RESULT_DESTINATIONS[@]}")
  fi
  bpid=$(start_launcher broker BrokerMain OSTEON_EMBEDDED_KAFKA_DIR="$STACK_DIR/kafka")
  dpid=$(start_launcher database DatabaseMain OSTEON_EMBEDDED_DB_DIR="$STACK_DIR/pg" OSTEON_EMBEDDED_DB_PORT=$DATABASE_PORT)
  BROKER_PID=$bpid DATABASE_PID=$dpid
  # The services need the broker; start them once it answers.
  wait_port broker 9092 120 "$bpid" || return 1
  GATEWAY_ENV=("${common[@]}" QUARKUS_HTTP_PORT=8081 \
    OSTEON_STORE_PHI_ROOT="$STACK_DIR/phi-store" \
    OSTEON_GATEWAY_DICOM_PORT=$DICOM_PORT OSTEON_GATEWAY_DICOM_AE_TITLE=$DICOM_AET "${callers[@]}" \
    MP_JWT_VERIFY_ISSUER=$DEMO_JWT_ISSUER MP_JWT_VERIFY_PUBLICKEY_LOCATION="$STACK_DIR/jwt/public-key.pem" \
    "${results[@]}")
  gpid=$(start_app gateway gateway "${GATEWAY_ENV[@]}")
  spid=$(start_app streams streams "${common[@]}" \
    OSTEON_STORE_PHI_ROOT="$STACK_DIR/phi-store" OSTEON_STORE_RESEARCH_ROOT="$STACK_DIR/research-store" \
    OSTEON_DEID_HMAC_SECRET="$secret" OSTEON_DEID_KEY_ID=demo-$(date +%s) \
    KAFKA_STREAMS_STATE_DIR="$STACK_DIR/streams-state" "${STACK_STREAMS_ENV[@]}")
  GATEWAY_PID=$gpid STREAMS_PID=$spid
  cpid=$(start_app scoring scoring "${common[@]}" QUARKUS_HTTP_PORT=8082 \
    OSTEON_SCORING_MODEL_DIR="$OSTEON_ROOT/models/default" OSTEON_STORE_RESEARCH_ROOT="$STACK_DIR/research-store" \
    MP_JWT_VERIFY_ISSUER=$DEMO_JWT_ISSUER MP_JWT_VERIFY_PUBLICKEY_LOCATION="$STACK_DIR/jwt/public-key.pem" \
    "${STACK_SCORING_ENV[@]}")
  # The demo writes priority changes back to the built-in RIS sink (HL7 v2 on 2575, FHIR on the
  # adapter's own port), shown at /api/dev/ris-sink; docs/worklist.md says how to use a real RIS.
  # The study view reads the de-identified objects and activation maps from the same research store.
  # Flyway migrates at start-up: the database must answer first.
  wait_port database "$DATABASE_PORT" 120 "$dpid" || return 1
  wpid=$(start_app worklist-adapter worklist-adapter "${common[@]}" QUARKUS_HTTP_PORT=8080 \
    OSTEON_STORE_RESEARCH_ROOT="$STACK_DIR/research-store" \
    QUARKUS_SECURITY_USERS_EMBEDDED_USERS_READER="$DEMO_READER_PASSWORD" \
    QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_READER=reader \
    QUARKUS_SECURITY_USERS_EMBEDDED_USERS_ADMIN="$DEMO_ADMIN_PASSWORD" \
    QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_ADMIN=admin \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://localhost:$DATABASE_PORT/postgres" \
    QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres \
    OSTEON_WORKLIST_STUDY_KEY_SECRET="$study_key_secret" "${viewer[@]}" \
    OSTEON_MODEL_PROMOTION_SCORING_URL="$SCORING_URL" OSTEON_MODEL_PROMOTION_TOKEN_FILE="$STACK_DIR/jwt/scoring-admin-token" \
    OSTEON_DEV_RIS_SINK_ENABLED=true OSTEON_DEV_RIS_SINK_HL7_PORT=2575 \
    OSTEON_WRITEBACK_HL7_ENABLED=true OSTEON_WRITEBACK_HL7_HOST=127.0.0.1 OSTEON_WRITEBACK_HL7_PORT=2575 \
    OSTEON_WRITEBACK_FHIR_ENABLED=true OSTEON_WRITEBACK_FHIR_BASE_URL=http://127.0.0.1:8080/api/dev/ris-sink/fhir \
    "${STACK_WORKLIST_ENV[@]}")
  SCORING_PID=$cpid WORKLIST_PID=$wpid
  wait_ready gateway "$GATEWAY_MANAGEMENT_URL" 180 "$gpid" || return 1
  wait_ready streams "$STREAMS_MANAGEMENT_URL" 180 "$spid" || return 1
  wait_ready scoring "$SCORING_URL" 180 "$cpid" || return 1
  wait_ready worklist-adapter "$WORKLIST_URL" 180 "$wpid" || return 1
  if [ "$STACK_PACS" = orthanc ]; then
    wait_orthanc 60 "$opid" || return 1
    log "PACS: Orthanc Explorer $ORTHANC_URL/app/explorer.html — $ORTHANC_USER / $ORTHANC_PASSWORD; DICOM $ORTHANC_AET@localhost:$ORTHANC_DICOM_PORT"
  fi
  log "worklist page $WORKLIST_URL/ — demo users: $DEMO_READER / $DEMO_READER_PASSWORD (reader), $DEMO_ADMIN / $DEMO_ADMIN_PASSWORD (admin)"
  log "STOW-RS $GATEWAY_URL/dicomweb/studies — bearer token (ingest role, 24 h; also in $STACK_DIR/jwt/stow-token): $DEMO_STOW_TOKEN"
}

# Orthanc with a generated configuration: loopback only, one user, DICOMweb on, Osteon registered as the
# modality "osteon", and a Lua route that sends every stored image to Osteon as it arrives
# (OnStoredInstance; OnStableStudy would wait StableAge, 60 s, for the study to settle).
start_orthanc() {
  local dir=$STACK_DIR/orthanc
  # The password goes into JSON and a netrc file: letters and digits only, so it can break neither.
  [[ "$ORTHANC_PASSWORD" =~ ^[A-Za-z0-9]+$ ]] || { log "OSTEON_DEMO_ORTHANC_PASSWORD: letters and digits only"; return 1; }
  # The configuration holds the password and the database holds PHI: readable by this user only.
  (umask 077 && mkdir -p "$dir/db")
  chmod 700 "$dir"
  # Filled in with bash itself, never sed, so the password appears in no process's arguments.
  local config
  config=$(<"$OSTEON_ROOT/scripts/orthanc/orthanc.json")
  config=${config//@ORTHANC_DIR@/$dir}
  config=${config//@ORTHANC_USER@/$ORTHANC_USER}
  config=${config//@ORTHANC_PASSWORD@/$ORTHANC_PASSWORD}
  config=${config//@ORTHANC_AET@/$ORTHANC_AET}
  config=${config//@ORTHANC_DICOM_PORT@/$ORTHANC_DICOM_PORT}
  config=${config//@ORTHANC_HTTP_PORT@/${ORTHANC_URL##*:}}
  config=${config//@OSTEON_AET@/$DICOM_AET}
  config=${config//@OSTEON_PORT@/$DICOM_PORT}
  (umask 077 && printf '%s\n' "$config" >"$dir/orthanc.json" \
    && printf 'machine localhost login %s password %s\n' "$ORTHANC_USER" "$ORTHANC_PASSWORD" >"$dir/netrc")
  local route
  route=$(<"$OSTEON_ROOT/scripts/orthanc/route-to-osteon.lua")
  # What Osteon stores (its results) comes back with the results writer's calling AE: never route it back.
  printf '%s\n' "${route//@OSTEON_CALLING_AET@/$RESULTS_CALLING_AET}" >"$dir/route-to-osteon.lua"
  # Its log stays beside its database, not in logs/: it is the hospital's PACS and may name patients,
  # while logs/ holds Osteon's services' logs, which must not (tests/e2e/e2e.sh checks them).
  Orthanc "$dir/orthanc.json" >"$dir/orthanc.log" 2>&1 &
  PIDS+=($!)
  echo $!
}

wait_orthanc() { # timeout_s pid
  local timeout=$1 pid=$2 waited=0
  until orthanc_curl -fs "$ORTHANC_URL/system" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { log "orthanc exited; see $STACK_DIR/orthanc/orthanc.log"; tail -20 "$STACK_DIR/orthanc/orthanc.log" >&2; return 1; }
    sleep 0.5; waited=$((waited + 1)); [ "$waited" -lt $((timeout * 2)) ] || { log "orthanc not ready after ${timeout}s"; return 1; }
  done
  log "orthanc ready"
}

orthanc_curl() { # curl arguments...: as the demo's Orthanc user (from a 0600 netrc file: no password in ps)
  curl --netrc-file "$STACK_DIR/orthanc/netrc" "$@"
}

# Uploads files to Orthanc over REST, as a modality's images would arrive in the PACS; Orthanc's route
# then sends each to Osteon.
upload_to_orthanc() { # files...
  local f
  for f in "$@"; do
    orthanc_curl -fs -X POST --data-binary "@$f" "$ORTHANC_URL/instances" >/dev/null || { log "Orthanc refused $f"; return 1; }
  done
}

# Kills the gateway with SIGKILL, as a crash would, and starts it again with the same environment;
# its log goes on in logs/gateway-<n>.log.
restart_gateway() {
  kill -KILL "$GATEWAY_PID" 2>/dev/null || true
  wait_gone "$GATEWAY_PID"
  GATEWAY_RESTARTS=$((${GATEWAY_RESTARTS:-0} + 1))
  GATEWAY_PID=$(start_app "gateway-$GATEWAY_RESTARTS" gateway "${GATEWAY_ENV[@]}")
  wait_ready gateway "$GATEWAY_MANAGEMENT_URL" 180 "$GATEWAY_PID"
}

b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }

# An RS256 JWT from the demo's issuer, signed with openssl: what an identity provider would issue.
mint_token() { # signing-key.pem group lifetime_s [subject]
  local now header payload signature sub=${4:-demo-stow-client}
  now=$(date +%s)
  header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
  payload=$(printf '{"iss":"%s","sub":"%s","upn":"%s","groups":["%s"],"iat":%d,"exp":%d,"jti":"%s"}' \
    "$DEMO_JWT_ISSUER" "$sub" "$sub" "$2" "$now" $((now + $3)) "$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')" | b64url)
  signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$1" -binary | b64url)
  echo "$header.$payload.$signature"
}

# POSTs DICOM files to STOW-RS as one multipart/related request; prints the HTTP status.
stow_files() { # token files... (token "" sends none)
  local token=$1; shift
  local body; body=$(mktemp)
  local f
  for f in "$@"; do
    printf -- '--OSTEONSTOW\r\nContent-Type: application/dicom\r\n\r\n' >>"$body"
    cat "$f" >>"$body"
    printf '\r\n' >>"$body"
  done
  printf -- '--OSTEONSTOW--\r\n' >>"$body"
  local auth=()
  [ -z "$token" ] || auth=(-H "Authorization: Bearer $token")
  curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" \
    -H 'Content-Type: multipart/related; type="application/dicom"; boundary=OSTEONSTOW' \
    --data-binary "@$body" "$GATEWAY_URL/dicomweb/studies"
  rm -f "$body"
}

worklist_curl() { # curl arguments...: as the demo reader (the API refuses anonymous calls)
  curl -u "$DEMO_READER:$DEMO_READER_PASSWORD" "$@"
}

# Stops the services first, so that none is still talking to a broker or database that is going
# away, then the broker and the database.
stack_stop() {
  local pid services=(${WORKLIST_PID:-} ${SCORING_PID:-} ${STREAMS_PID:-} ${GATEWAY_PID:-} ${ORTHANC_PID:-}) stores=(${BROKER_PID:-} ${DATABASE_PID:-})
  for pid in "${services[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${services[@]}"; do wait_gone "$pid"; done
  for pid in "${stores[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${stores[@]}"; do wait_gone "$pid"; done
  WORKLIST_PID="" SCORING_PID="" STREAMS_PID="" GATEWAY_PID="" ORTHANC_PID="" BROKER_PID="" DATABASE_PID=""
}

wait_gone() {
  local pid=$1 i
  for i in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  log "process $pid did not stop in 30 s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

# Copies sample objects with fresh Study/Series/SOP Instance UIDs and accession numbers, so every
# run sends new studies, as a PACS forwarding new examinations would.
prepare_studies() { # count outdir
  local n=$1 out=$2 i=0
  mkdir -p "$out"
  mapfile -t samples < <(ls "$OSTEON_ROOT"/samples/radiographs/*.dcm | sort)
  [ "${#samples[@]}" -gt 0 ] || { log "no samples in samples/radiographs"; return 1; }
  while [ "$i" -lt "$n" ]; do
    local src=${samples[$((i % ${#samples[@]}))]}
    local dst; dst=$(printf '%s/study-%03d.dcm' "$out" "$i")
    cp "$src" "$dst"
    dcmodify -q -nb -gst -gse -gin -m "(0008,0050)=OST$(date +%s)$i" "$dst"
    i=$((i + 1))
  done
}

send_files() { # files... (one association, as a PACS would send)
  storescu -aet PACS -aec "$DICOM_AET" localhost "$DICOM_PORT" "$@"
}

stats_field() { # python expression over the /api/stats JSON `s`
  worklist_curl -fs "$WORKLIST_URL/api/stats" | /usr/bin/python3 -c "import json,sys; s=json.load(sys.stdin); print($1)"
}

wait_outcomes() { # expected timeout_s
  local expected=$1 timeout=$2 start=$SECONDS got=0
  while [ $((SECONDS - start)) -lt "$timeout" ]; do
    got=$(stats_field 's["outcomes"]' 2>/dev/null || echo 0)
    [ "$got" -ge "$expected" ] && return 0
    sleep 0.5
  done
  log "only $got of $expected worklist outcomes after ${timeout}s"
  return 1
}

topic_count() { # topic
  kcat -b "$BOOTSTRAP" -C -t "$1" -e -q -f '%o\n' 2>/dev/null | wc -l | tr -d ' '
}

topic_dump() { # topic file: key and value bytes of every record
  kcat -b "$BOOTSTRAP" -C -t "$1" -e -q -f '%k\t%s\n' >"$2" 2>/dev/null
}

# The demo's summary line; counts come from the topics themselves, latency from the worklist store.
summary_json() {
  local received deid scored decided updated dl phidl
  received=$(topic_count phi-radiograph-received-v1)
  deid=$(topic_count radiograph-deidentified-v1)
  scored=$(topic_count radiograph-scored-v1)
  decided=$(topic_count triage-decision-v1)
  dl=$(topic_count dead-letter-v1)
  phidl=$(topic_count phi-dead-letter-v1)
  worklist_curl -fs "$WORKLIST_URL/api/stats" | /usr/bin/python3 -c "
import json, sys
s = json.load(sys.stdin)
print(json.dumps({'received': $received, 'deidentified': $deid, 'scored': $scored, 'decided': $decided,
                  'worklist_updated': s['outcomes'], 'dead_lettered': $dl + $phidl,
                  'by_decision': s.get('by_decision', {}),
                  'latency_ms': {'p50': s['latency_ms']['p50'], 'p99': s['latency_ms']['p99']}}))"
}
