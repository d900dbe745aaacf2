#!/usr/bin/env bash
# Benchmark of the cluster registry sync onto a new master: `gravity registry sync` from a `gravity registry serve`
# source (TLS, the cluster's client certificate) into an empty node registry storage, against `skopeo sync --src docker
# --dest docker` of the same images between two docker-registry (distribution 2.8) instances, in the same run, on
# loopback. About 1 GiB of images: IMAGES (8) sharing a BASE_MB (200) layer, each with UNIQUE_MB (100) of its own.
# Measured once: the machine is shared, so the figures carry whatever else ran at the time.
source "$(dirname "$0")/lib/common.sh"
images=${IMAGES:-8}; base_mb=${BASE_MB:-200}; unique_mb=${UNIQUE_MB:-100}
ensure_tools
gravity="$repo/out/bin/gravity"

echo "generating $images images ($base_mb MB shared base + $unique_mb MB each) ..."
dotnet "$work/imagegen/Gravity.Bench.ImageGen.dll" "$work/gen" "$images" "$base_mb" "$unique_mb" >/dev/null
total_bytes=$(du -sb "$work/gen/blobs" | cut -f1)

# A cluster CA and a node certificate (server and client auth) as ClusterPki writes them, in the node's state folder.
node="$work/node"; secrets="$node/secrets"; mkdir -p "$secrets" "$node/registry"; chmod 700 "$secrets"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=bench cluster CA" -days 2 \
  -keyout "$secrets/ca-key.pem" -out "$secrets/ca.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=bench" \
  -keyout "$secrets/node-key.pem" -out "$work/node.csr" 2>/dev/null
openssl x509 -req -in "$work/node.csr" -CA "$secrets/ca.pem" -CAkey "$secrets/ca-key.pem" -CAcreateserial -days 2 \
  -extfile <(printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=digitalSignature') \
  -out "$secrets/node.pem" 2>/dev/null
cat > "$node/node.json" <<JSON
{ "node": { "stateDir": "$node", "clusterName": "bench", "nodeName": "bench", "advertiseAddr": "127.0.0.1", "role": "master",
  "serviceUid": 48213, "serviceGid": 48213, "gravityBinary": "$gravity" } }
JSON
chmod 600 "$node/node.json"
certs="$work/client-certs"; mkdir -p "$certs"
cp "$secrets/ca.pem" "$certs/ca.crt"; cp "$secrets/node.pem" "$certs/node.cert"; cp "$secrets/node-key.pem" "$certs/node.key"

src_port=$(free_port)
"$gravity" registry serve --listen "127.0.0.1:$src_port" --data-dir "$work/source" --tls-cert "$secrets/node.pem" \
  --tls-key "$secrets/node-key.pem" --client-ca "$secrets/ca.pem" >"$work/source.log" 2>&1 &
pids+=($!)
source_pid=$!
for _ in $(seq 1 100); do curl -sf --cacert "$secrets/ca.pem" "https://127.0.0.1:$src_port/v2/" >/dev/null && break; sleep 0.1; done
source_registry="127.0.0.1:$src_port"
start_distribution dist-source; dist_source=$registry; dist_source_pid=$registry_pid
start_distribution dist-dest; dist_dest=$registry; dist_dest_pid=$registry_pid

echo "filling the sources (not timed) ..."
for i in $(seq 0 $((images - 1))); do
  skopeo copy -q --dest-cert-dir "$certs" "oci:$work/gen:bench/app$i:1.0.0" "docker://$source_registry/bench/app$i:1.0.0"
  skopeo copy -q --dest-tls-verify=false "oci:$work/gen:bench/app$i:1.0.0" "docker://$dist_source/bench/app$i:1.0.0"
done

peer_sync() { for i in $(seq 0 $((images - 1))); do
  skopeo sync --src docker --dest docker --src-tls-verify=false --dest-tls-verify=false "$1/bench/app$i" "$2/bench" \
    >>"$work/skopeo-sync.log" 2>&1 || { cat "$work/skopeo-sync.log" >&2; return 1; }; done; }
export -f peer_sync; export images work

# CPU seconds (user + system) of the clients (children of this shell) and of the servers each side uses: on a shared
# machine they say more than the wall time about which side does more work.
tick=$(getconf CLK_TCK)
server_cpu() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
# `times` of this shell itself (a builtin redirected, not a subshell: a subshell's children times start at 0).
client_cpu_to() { times > "$1"; }
client_cpu() { tail -1 "$1" | python3 -c "import sys,re; print(sum(int(m)*60+float(s) for m,s in re.findall(r'(\d+)m([\d.]+)s', sys.stdin.read())))"; }
cpu_step() { # LABEL SERVER_PIDS... -- CMD...
  local label=$1; shift; local servers=(); while [ "$1" != "--" ]; do servers+=("$1"); shift; done; shift
  local s0; s0=$(server_cpu "${servers[@]}"); client_cpu_to "$work/$label.times0"
  timed "$label" "$@"
  client_cpu_to "$work/$label.times1"
  python3 -c "import sys; print(f'{float(sys.argv[1])-float(sys.argv[2]):.2f} {(int(sys.argv[3])-int(sys.argv[4]))/int(sys.argv[5]):.2f}')" \
    "$(client_cpu "$work/$label.times1")" "$(client_cpu "$work/$label.times0")" "$(server_cpu "${servers[@]}")" "$s0" "$tick" > "$work/$label.cpu"
}
cpu_step ours "$source_pid" -- "$gravity" registry sync "$source_registry" --state-dir "$node" --quiet
cpu_step peer "$dist_source_pid" "$dist_dest_pid" -- bash -c "peer_sync $dist_source $dist_dest"
timed ours-again "$gravity" registry sync "$source_registry" --state-dir "$node" --quiet
"$gravity" registry sync "$source_registry" --state-dir "$node" --quiet | sed 's/^/second run: /'

synced=$(find "$node/registry/content/blobs" -type f | wc -l)
mbps() { python3 -c "import sys; print(f'{int(sys.argv[1])/1e6/float(sys.argv[2]):.0f}')" "$total_bytes" "$1"; }
echo
echo "registry sync benchmark: $images images, $((total_bytes / 1000000)) MB of unique blobs on loopback, measured once (shared machine)"
printf '%-44s %10s %10s %10s %12s %12s\n' "" "seconds" "MB/s" "peak MiB" "client CPU s" "server CPU s"
printf '%-44s %10s %10s %10s %12s %12s\n' "gravity registry sync (TLS, client cert)" "$(secs ours)" "$(mbps "$(secs ours)")" "$(peak_mib ours)" $(cat "$work/ours.cpu")
printf '%-44s %10s %10s %10s %12s %12s\n' "skopeo sync docker -> docker (distribution)" "$(secs peer)" "$(mbps "$(secs peer)")" "$(peak_mib peer)" $(cat "$work/peer.cpu")
printf '%-44s %10s\n' "gravity registry sync again (nothing to do)" "$(secs ours-again)"
echo "blobs and manifests in the new master's store: $synced"
echo "sync: ours speed / skopeo speed = $(ratio "$(secs peer)" "$(secs ours)")x (target >= 2.0)"
