#!/usr/bin/env bash
# The main job on the bundled example, with embedded defaults: publishes tele and gravity, builds the example's
# container images locally (no public registry is needed), packages examples/ into a cluster image, then inspects
# and verifies it.
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
echo
echo "cluster image: out/example-1.0.0.tar  (install on a node with: tar xf example-1.0.0.tar && sudo ./install)"
