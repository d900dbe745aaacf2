#!/usr/bin/env bash
# Benchmark of the two etcd clients, gRPC (EtcdGrpcClient) and the JSON gateway (EtcdClient): COUNT sequential puts
# and gets each against one etcd on loopback with client-certificate TLS. Prints seconds, operations per second and
# the ratios. Override COUNT (1000) and ETCD (the etcd binary).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d /tmp/gravity-bench-etcd-build.XXXXXX)
trap 'rm -rf "$out"' EXIT
dotnet build "$repo/bench/EtcdKv/Gravity.Bench.EtcdKv.csproj" -c Release -nologo -v quiet -o "$out" >/dev/null
dotnet "$out/Gravity.Bench.EtcdKv.dll" "${COUNT:-1000}"
