{{- define "osteon.image" -}}
{{- $root := index . 0 -}}{{- $name := index . 1 -}}
{{- if $root.Values.image.registry -}}{{ $root.Values.image.registry }}/{{ end -}}osteon-{{ $name }}:{{ $root.Values.image.tag }}
{{- end -}}

{{- define "osteon.labels" -}}
app.kubernetes.io/part-of: osteon
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}

{{- define "osteon.probes" -}}
readinessProbe:
  httpGet: {path: /q/health/ready, port: http}
  periodSeconds: 5
livenessProbe:
  httpGet: {path: /q/health/live, port: http}
  initialDelaySeconds: 30
  periodSeconds: 10
{{- end -}}
