#!/usr/bin/env bash
# The main job on the bundled example, with embedded defaults: publishes tele and gravity, builds the example's
# container images locally (no public registry is needed), packages examples/ into a cluster image, then inspects
# and verifies it; untars it and runs its ./run_preflight_checks, which says what the example needs to install.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
echo "== publishing tele and gravity (self-contained, single file) into out/bin"
./scripts/publish.sh out/bin >/dev/null
echo "== building the example's container images into examples/.images (an OCI layout)"
bash scripts/build-example-images.sh
echo "== tele build"
out/bin/tele build examples/app.yaml --oci-layout examples/.images -o out/example-1.0.0.tar -f
echo "== tele inspect"
out/bin/tele inspect out/example-1.0.0.tar
echo "== tele verify"
out/bin/tele verify out/example-1.0.0.tar
echo "== ./run_preflight_checks of the untarred image on this machine"
rm -rf out/example-1.0.0 && mkdir -p out/example-1.0.0 && tar xf out/example-1.0.0.tar -C out/example-1.0.0
checks=0
(cd out/example-1.0.0 && ./run_preflight_checks) || checks=$?
[ "$checks" -le 1 ] || exit "$checks"   # 1 = some check failed (shown above); anything else is an error
echo
echo "cluster image: out/example-1.0.0.tar (untarred in out/example-1.0.0)"
echo "The example has Kubernetes resources and an install hook, so it installs only on a runtime with Kubernetes; this"
echo "build's runtime package carries none, so ./install refuses it in /checks before starting anything (the kubernetes"
echo "row above). See README.md, \"Install and operate a cluster\"."
