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
