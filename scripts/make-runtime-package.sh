#!/usr/bin/env bash
# Assembles a runtime package (docs/runtime.md, "The runtime package") from programs already downloaded: an OCI image
# layout whose one image has runtime.json as its config (media type application/vnd.gravitational.runtime.config.v1+json)
# and one gzip layer holding bin/<program>. Reproducible: the same programs give the same digests.
#
#   scripts/make-runtime-package.sh --kubernetes-version 1.35.2 --output DIR [--ref REF] PROGRAM...
#
# PROGRAM is a path (its file name is its name in bin/; what it is comes from that name, "other" when unknown) or
# NAME=PATH. REF (default gravity/runtime:VERSION) is the image's org.opencontainers.image.ref.name, so
# `tele build --oci-layout DIR` finds it when app.yaml says `baseImage: REF`, and
# `skopeo copy oci:DIR:REF docker://REGISTRY/REF` publishes it. Nothing is downloaded here.
set -euo pipefail

version="" output="" ref=""
programs=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --kubernetes-version) version="$2"; shift 2 ;;
    --output) output="$2"; shift 2 ;;
    --ref) ref="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) programs+=("$1"); shift ;;
  esac
done
[[ -n "$version" && -n "$output" && ${#programs[@]} -gt 0 ]] || { echo "usage: $0 --kubernetes-version X.Y.Z --output DIR [--ref REF] PROGRAM..." >&2; exit 2; }
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "--kubernetes-version: '$version' is not X.Y.Z" >&2; exit 2; }
ref="${ref:-gravity/runtime:$version}"
[[ -e "$output" ]] && { echo "$output already exists" >&2; exit 1; }

known=" etcd containerd containerd-shim-runc-v2 runc ctr kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl helm "
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root/bin"
binaries=""
for spec in "${programs[@]}"; do
  if [[ "$spec" == *=* ]]; then name="${spec%%=*}"; path="${spec#*=}"; else name="$(basename "$spec")"; path="$spec"; fi
  [[ "$name" =~ ^[a-z0-9][a-z0-9._-]{0,63}$ ]] || { echo "$name: not a program name (a-z, 0-9, '.', '_', '-')" >&2; exit 1; }
  [[ -f "$path" && ! -L "$path" ]] || { echo "$path: not a regular file" >&2; exit 1; }
  [[ -e "$work/root/bin/$name" ]] && { echo "$name is given twice" >&2; exit 1; }
  cp "$path" "$work/root/bin/$name"
  kind="other"; [[ "$known" == *" $name "* ]] && kind="$name"
  binaries+="${binaries:+,}{\"name\":\"$name\",\"kind\":\"$kind\"}"
done
chmod 0755 "$work/root/bin" "$work/root/bin/"*

mkdir -p "$work/blobs/sha256"
blob() { # file -> prints digest hex and moves the file into blobs/
  local hex; hex="$(sha256sum "$1" | cut -d' ' -f1)"; mv "$1" "$work/blobs/sha256/$hex"; echo "$hex"
}
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@946684800 --format=posix \
    --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime -C "$work/root" -cf "$work/layer.tar" bin
gzip -n -9 < "$work/layer.tar" > "$work/layer.tar.gz"
layer_size="$(stat -c %s "$work/layer.tar.gz")"
layer="$(blob "$work/layer.tar.gz")"
printf '{"formatVersion":1,"kubernetesVersion":"%s","os":"linux","architecture":"amd64","binaries":[%s]}' "$version" "$binaries" > "$work/config.json"
config_size="$(stat -c %s "$work/config.json")"
config="$(blob "$work/config.json")"
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.gravitational.runtime.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}]}' \
  "$config" "$config_size" "$layer" "$layer_size" > "$work/manifest.json"
manifest_size="$(stat -c %s "$work/manifest.json")"
manifest="$(blob "$work/manifest.json")"

mkdir -p "$output"
mv "$work/blobs" "$output/blobs"
printf '{"imageLayoutVersion":"1.0.0"}' > "$output/oci-layout"
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"%s"}}]}' \
  "$manifest" "$manifest_size" "$ref" > "$output/index.json"
echo "runtime package $ref (Kubernetes $version): sha256:$manifest in $output"
