#!/usr/bin/env bash
# Applying COUNT (500) application resources: /app's ResourceApplier against `kubectl apply --server-side` of the same
# file (kubectl v1.35 from the runtime tools), each into a fresh Kubernetes API server test double (no real API server
# runs here; both pay its costs alike). RUNS (3) runs, medians; creation and an apply that changes nothing.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d /tmp/gravity-bench-apply-build.XXXXXX)
trap 'rm -rf "$out"' EXIT
dotnet build "$repo/bench/KubeApply/Gravity.Bench.KubeApply.csproj" -c Release -nologo -v quiet -o "$out" >/dev/null
dotnet "$out/Gravity.Bench.KubeApply.dll" "${COUNT:-500}" "${RUNS:-3}"
