{{/* Image of a service: [root, service, suffix]; the suffix selects a variant such as the -gpu build. */}}
{{- define "osteon.image" -}}
{{- $root := index . 0 -}}{{- $name := index . 1 -}}{{- $suffix := "" -}}{{- if gt (len .) 2 }}{{ $suffix = index . 2 }}{{ end -}}
{{- if $root.Values.image.registry -}}{{ $root.Values.image.registry }}/{{ end -}}osteon-{{ $name }}:{{ $root.Values.image.tag }}{{ $suffix }}
{{- end -}}

{{- define "osteon.labels" -}}
app.kubernetes.io/part-of: osteon
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Pods of one service: [root, app.kubernetes.io/name]. Used by selectors, PDBs and NetworkPolicies. */}}
{{- define "osteon.selector" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ index . 1 }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
{{- end -}}

{{/* SmallRye Health probes on a named container port: http, or management where the service has one. */}}
{{- define "osteon.probes" -}}
startupProbe:
  httpGet: {path: /q/health/started, port: {{ . }}}
  periodSeconds: 5
  failureThreshold: 60
readinessProbe:
  httpGet: {path: /q/health/ready, port: {{ . }}}
  periodSeconds: 5
livenessProbe:
  httpGet: {path: /q/health/live, port: {{ . }}}
  periodSeconds: 10
  failureThreshold: 3
{{- end -}}

{{/* Pod-level: the numeric non-root user of the Dockerfiles, and the runtime's default seccomp profile. */}}
{{- define "osteon.podSecurityContext" -}}
securityContext:
  runAsNonRoot: true
  runAsUser: {{ .Values.securityContext.runAsUser }}
  runAsGroup: {{ .Values.securityContext.runAsGroup }}
  fsGroup: {{ .Values.securityContext.fsGroup }}
  seccompProfile: {type: RuntimeDefault}
{{- if .Values.image.pullSecrets }}
imagePullSecrets:
{{- range .Values.image.pullSecrets }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "osteon.containerSecurityContext" -}}
securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  runAsNonRoot: true
  capabilities: {drop: [ALL]}
{{- end -}}

{{/*
Kafka client settings of one service: [root, service key in kafka.security.saslSecrets, quarkus prefix].
Plain clients read kafka.*; the Kafka Streams extension reads quarkus.kafka-streams.*, so streams gets both.
*/}}
{{- define "osteon.kafkaEnv" -}}
{{- $root := index . 0 -}}{{- $svc := index . 1 -}}{{- $streams := eq $svc "streams" -}}
{{- $sec := $root.Values.kafka.security -}}
- {name: KAFKA_BOOTSTRAP_SERVERS, value: {{ $root.Values.kafka.bootstrapServers | quote }}}
{{- if ne $sec.protocol "PLAINTEXT" }}
- {name: KAFKA_SECURITY_PROTOCOL, value: {{ $sec.protocol | quote }}}
{{- if $streams }}
- {name: QUARKUS_KAFKA_STREAMS_SECURITY_PROTOCOL, value: {{ $sec.protocol | quote }}}
{{- end }}
{{- end }}
{{- if hasPrefix "SASL" $sec.protocol }}
- {name: KAFKA_SASL_MECHANISM, value: {{ $sec.saslMechanism | quote }}}
- name: KAFKA_SASL_JAAS_CONFIG
  valueFrom: {secretKeyRef: {name: {{ required (printf "kafka.security.saslSecrets.%s is required for %s" $svc $sec.protocol) (index $sec.saslSecrets $svc) }}, key: sasl.jaas.config}}
{{- if $streams }}
- {name: QUARKUS_KAFKA_STREAMS_SASL_MECHANISM, value: {{ $sec.saslMechanism | quote }}}
- name: QUARKUS_KAFKA_STREAMS_SASL_JAAS_CONFIG
  valueFrom: {secretKeyRef: {name: {{ index $sec.saslSecrets $svc }}, key: sasl.jaas.config}}
{{- end }}
{{- end }}
{{- if $sec.tls.caSecret }}
- {name: KAFKA_SSL_TRUSTSTORE_TYPE, value: PEM}
- {name: KAFKA_SSL_TRUSTSTORE_LOCATION, value: /etc/osteon/kafka-ca/{{ $sec.tls.caKey }}}
{{- if $streams }}
- {name: QUARKUS_KAFKA_STREAMS_SSL_TRUSTSTORE_TYPE, value: PEM}
- {name: QUARKUS_KAFKA_STREAMS_SSL_TRUSTSTORE_LOCATION, value: /etc/osteon/kafka-ca/{{ $sec.tls.caKey }}}
{{- end }}
{{- end }}
{{- end -}}

{{/* Volumes every pod has: a writable /tmp under a read-only root, and the Kafka CA when TLS is on. */}}
{{- define "osteon.commonMounts" -}}
- {name: tmp, mountPath: /tmp}
{{- if .Values.kafka.security.tls.caSecret }}
- {name: kafka-ca, mountPath: /etc/osteon/kafka-ca, readOnly: true}
{{- end }}
{{- end -}}

{{- define "osteon.commonVolumes" -}}
- name: tmp
  emptyDir: {}
{{- if .Values.kafka.security.tls.caSecret }}
- name: kafka-ca
  secret: {secretName: {{ .Values.kafka.security.tls.caSecret }}}
{{- end }}
{{- end -}}

{{/*
Egress rules: [root, {ports, to, noDns}]. An empty `to` allows those ports to any address, for brokers or
databases outside the cluster whose addresses the chart cannot know. DNS comes with the first rule set.
*/}}
{{- define "osteon.egress" -}}
{{- $root := index . 0 -}}{{- $e := index . 1 -}}
- ports:
  {{- range $e.ports }}
    - {protocol: TCP, port: {{ . }}}
  {{- end }}
  {{- with $e.to }}
  to: {{- toYaml . | nindent 4 }}
  {{- end }}
{{- if not $e.noDns }}
- to:
    - namespaceSelector: {{- toYaml $root.Values.networkPolicy.dns.namespaceSelector | nindent 8 }}
  ports:
    - {protocol: UDP, port: 53}
    - {protocol: TCP, port: 53}
{{- end }}
{{- end -}}

{{/*
Bearer-token verification (smallrye-jwt) from a values block with jwtIssuer and jwtPublicKeyLocation
(gateway.stow, scoring.modelSwap): each variable only when set, since unset the app refuses every token.
*/}}
{{- define "osteon.jwtEnv" -}}
{{- with .jwtIssuer }}
- {name: MP_JWT_VERIFY_ISSUER, value: {{ . | quote }}}
{{- end }}
{{- with .jwtPublicKeyLocation }}
- {name: MP_JWT_VERIFY_PUBLICKEY_LOCATION, value: {{ . | quote }}}
{{- end }}
{{- end -}}

{{/*
Egress to the identity provider whose JWKS verifies bearer tokens: [root, block with jwtPublicKeyLocation
and egress]. Only for an https key location; a PEM file from a ConfigMap needs no egress.
*/}}
{{- define "osteon.jwksEgress" -}}
{{- $root := index . 0 -}}{{- $jwt := index . 1 -}}
{{- if hasPrefix "https://" $jwt.jwtPublicKeyLocation }}
# The identity provider's JWKS, fetched to verify bearer tokens.
{{ include "osteon.egress" (list $root (dict "ports" $jwt.egress.ports "to" $jwt.egress.to "noDns" true)) }}
{{- end }}
{{- end -}}

{{/* Whether a result destination's TLS has stores to mount: "true" or empty. */}}
{{- define "osteon.resultsTlsStores" -}}
{{- $tls := .tls | default dict -}}
{{- if and $tls.enabled (or $tls.trustStoreKey $tls.keyStoreKey) }}true{{ end -}}
{{- end -}}

{{/*
The TCP port delivery connects to at a result destination: the C-STORE SCP's port for dimse; for stow-rs
the URL's port, else the scheme's (443 for https, 80 for http).
*/}}
{{- define "osteon.resultsPort" -}}
{{- if eq .protocol "dimse" -}}
{{ .port }}
{{- else -}}
{{- $url := urlParse .url -}}
{{- $port := regexFind ":[0-9]+$" $url.host | trimPrefix ":" -}}
{{ $port | default (ternary "443" "80" (eq $url.scheme "https")) }}
{{- end -}}
{{- end -}}
