{{/* image of a component: called with (tuple imageValues $) */}}
{{- define "gateway.image" -}}
{{- $image := index . 0 -}}
{{- $root := index . 1 -}}
{{- $tag := $image.tag | default $root.Chart.AppVersion -}}
{{- printf "%s:%s" $image.repository (toString $tag) -}}
{{- end -}}

{{- define "gateway.container" -}}
- name: {{ .name }}
  image: {{ include "gateway.image" (list .image .root) }}
{{- end -}}
