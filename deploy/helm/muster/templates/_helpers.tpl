{{/* Names, labels and the values checks shared by every template. */}}

{{- define "muster.name" -}}
{{- default "muster" .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "muster.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "muster.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "muster.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "muster.selectorLabels" -}}
app.kubernetes.io/name: {{ include "muster.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "muster.labels" -}}
{{ include "muster.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: muster
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* ServiceAccount of the Muster container (and of the pod). */}}
{{- define "muster.extenderServiceAccount" -}}
{{- include "muster.fullname" . -}}
{{- end -}}

{{/* ServiceAccount kube-scheduler runs as: its own, or the pod's when identity.separate=false. */}}
{{- define "muster.schedulerServiceAccount" -}}
{{- if .Values.identity.separate -}}
{{- printf "%s-scheduler" (include "muster.fullname" .) -}}
{{- else -}}
{{- include "muster.extenderServiceAccount" . -}}
{{- end -}}
{{- end -}}

{{- define "muster.leaseName" -}}
{{- default (printf "%s-scheduler" (include "muster.fullname" .)) .Values.scheduler.leaderElection.leaseName -}}
{{- end -}}

{{- define "muster.policiesConfigMap" -}}
{{- default (printf "%s-policies" (include "muster.fullname" .)) .Values.policies.configMapName -}}
{{- end -}}

{{/* kube-scheduler's tag: the value, else the cluster's version without a vendor suffix. */}}
{{- define "muster.schedulerTag" -}}
{{- if .Values.scheduler.image.tag -}}
{{- .Values.scheduler.image.tag -}}
{{- else -}}
{{- regexReplaceAll "[-+].*$" .Capabilities.KubeVersion.Version "" -}}
{{- end -}}
{{- end -}}

{{/* Fails the render on values that would install something broken or insecure by accident. */}}
{{- define "muster.validate" -}}
{{- if not (has .Values.tls.mode (list "mtls" "plain")) -}}
{{- fail (printf "tls.mode must be mtls or plain, got %q" .Values.tls.mode) -}}
{{- end -}}
{{- if not (has .Values.tls.source (list "secrets" "certManager")) -}}
{{- fail (printf "tls.source must be secrets or certManager, got %q" .Values.tls.source) -}}
{{- end -}}
{{- if or (eq .Values.schedulerName "default-scheduler") (not .Values.schedulerName) -}}
{{- fail "schedulerName must be set and must not be default-scheduler" -}}
{{- end -}}
{{- if eq (int .Values.extender.port) (int .Values.extender.opsPort) -}}
{{- fail "extender.port and extender.opsPort must differ" -}}
{{- end -}}
{{- if not (has .Values.antiAffinity (list "hard" "soft")) -}}
{{- fail (printf "antiAffinity must be hard or soft, got %q" .Values.antiAffinity) -}}
{{- end -}}
{{- end -}}

{{/* Mount points inside the pod. */}}
{{- define "muster.serverTlsDir" -}}/etc/muster/tls/server{{- end -}}
{{- define "muster.clientTlsDir" -}}/etc/muster/tls/client{{- end -}}
{{- define "muster.schedulerConfigDir" -}}/etc/muster/scheduler{{- end -}}

{{/*
The KubeSchedulerConfiguration: files/kube-scheduler-config.yaml with its placeholders replaced,
exactly as deploy/local/up.sh does it. An unreplaced ${...} outside a comment fails the render.
*/}}
{{- define "muster.schedulerConfig" -}}
{{- $mtls := eq .Values.tls.mode "mtls" -}}
{{- $c := .Files.Get "files/kube-scheduler-config.yaml" -}}
{{- if not $c -}}
{{- fail "files/kube-scheduler-config.yaml is missing from the chart" -}}
{{- end -}}
{{- $c = replace "${KUBECONFIG}" "" $c -}}
{{- $c = replace "${SCHEDULER_NAME}" .Values.schedulerName $c -}}
{{- $c = replace "${LEASE_NAMESPACE}" .Values.scheduler.leaderElection.leaseNamespace $c -}}
{{- $c = replace "${LEASE_NAME}" (include "muster.leaseName" .) $c -}}
{{- $c = replace "${EXTENDER_URL}" (printf "%s://127.0.0.1:%d" (ternary "https" "http" $mtls) (int .Values.extender.port)) $c -}}
{{- $c = replace "${ENABLE_HTTPS}" (ternary "true" "false" $mtls) $c -}}
{{- $c = replace "${TLS_CERT_FILE}" (ternary (printf "%s/tls.crt" (include "muster.clientTlsDir" .)) "" $mtls) $c -}}
{{- $c = replace "${TLS_KEY_FILE}" (ternary (printf "%s/tls.key" (include "muster.clientTlsDir" .)) "" $mtls) $c -}}
{{- $c = replace "${TLS_CA_FILE}" (ternary (printf "%s/ca.crt" (include "muster.clientTlsDir" .)) "" $mtls) $c -}}
{{- if regexMatch "\\$\\{[A-Za-z_]+\\}" (regexReplaceAll "(?m)^[ \\t]*#.*$" $c "") -}}
{{- fail (printf "files/kube-scheduler-config.yaml has a placeholder the chart does not replace: %s" (regexFind "\\$\\{[A-Za-z_]+\\}" (regexReplaceAll "(?m)^[ \\t]*#.*$" $c ""))) -}}
{{- end -}}
{{- $c -}}
{{- end -}}
