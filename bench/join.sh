#!/usr/bin/env bash
# Benchmark of `gravity join`: a cluster image carrying about 1 GiB of container images is installed on one machine,
# then a second machine joins as a master. Each machine is a network namespace on a private bridge made here (its own
# ports, state folder and node name; nothing reaches the host's network). Reports the join's total and the time of
# each of its phases (`gravity plan --format json` on the joiner), and compares, in the same run, its /registry phase
# (every image of the cluster registry copied onto the new master) with the peer: `skopeo sync` of the same images
# between two docker-registry (distribution 2.8) instances on loopback. Needs root (ip netns).
# Defaults: 8 images sharing a 200 MB base layer, 100 MB each of their own. Override with IMAGES, BASE_MB, UNIQUE_MB.
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/cluster-image.sh"
images=${IMAGES:-8}; base_mb=${BASE_MB:-200}; unique_mb=${UNIQUE_MB:-100}
gravity=${GRAVITY:-$repo/out/bin/gravity}; tele=${TELE:-$repo/out/bin/tele}
[ "$(id -u)" -eq 0 ] || { echo "bench/join.sh needs root (network namespaces)" >&2; exit 1; }
run=$$; net=10.214.$((run % 200 + 20)); bridge=gjb$run-br; ns1=gjb$run-1; ns2=gjb$run-2

teardown() {
  for ns in $ns1 $ns2; do
    [ -d "$work/$ns" ] && ip netns exec "$ns" "$gravity" leave --force --state-dir "$work/$ns" -q >/dev/null 2>&1 || true
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true; rm -rf "/etc/netns/$ns"
  done
  ip netns del "$bridge" 2>/dev/null || true
  cleanup
}
trap teardown EXIT

ensure_tools
ip netns add "$bridge"; ip -n "$bridge" link add br0 type bridge; ip -n "$bridge" link set br0 up
i=0
for ns in $ns1 $ns2; do
  i=$((i + 1))
  ip netns add "$ns"; ip -n "$ns" link set lo up
  ip link add "v$run-$i" type veth peer name "b$run-$i"
  ip link set "v$run-$i" netns "$ns"; ip link set "b$run-$i" netns "$bridge"
  ip -n "$bridge" link set "b$run-$i" master br0; ip -n "$bridge" link set "b$run-$i" up
  ip -n "$ns" link set "v$run-$i" name eth0; ip -n "$ns" addr add "$net.$i/24" dev eth0; ip -n "$ns" link set eth0 up
  mkdir -p "/etc/netns/$ns"; printf '127.0.0.1 localhost\n%s.1 node-1\n%s.2 node-2\n' "$net" "$net" > "/etc/netns/$ns/hosts"
done

build_cluster_image bench "$work/image"
echo "installing node-1 ($net.1) ..."
timed install ip netns exec "$ns1" "$gravity" install --from "$work/image" --state-dir "$work/$ns1" --cluster bench --node-name node-1 \
  --advertise-addr "$net.1" --token bench-token --service-uid "$(id -u)" --service-gid "$(id -g)" >"$work/install.log" 2>&1 \
  || { echo "gravity install failed:"; cat "$work/install.log"; exit 1; } >&2
echo "joining node-2 ($net.2) ..."
start=$(date +%s.%N)
timed join ip netns exec "$ns2" "$gravity" join "$net.1" --token bench-token --state-dir "$work/$ns2" --node-name node-2 \
  --advertise-addr "$net.2" --service-uid "$(id -u)" --service-gid "$(id -g)" >"$work/join.log" 2>&1 \
  || { echo "gravity join failed:"; cat "$work/join.log"; exit 1; } >&2
ip netns exec "$ns2" "$gravity" plan --state-dir "$work/$ns2" --format json > "$work/plan.json"
synced=$(ip netns exec "$ns2" "$gravity" registry list --state-dir "$work/$ns2" | grep -c "bench/app" || true)
[ "$synced" -eq "$images" ] || { echo "node-2's registry lists $synced of $images images"; exit 1; } >&2

# The peer: the same images in one distribution, `skopeo sync` of each repository into another.
start_distribution dist-source; dist_source=$registry
start_distribution dist-dest; dist_dest=$registry
refs=$(python3 -c '
import json, sys
for m in json.load(open(sys.argv[1]))["manifests"]: print(m["annotations"]["org.opencontainers.image.ref.name"])' "$work/image/packages/index.json")
repos=()
while read -r ref; do
  repo_tag=$ref; first=${ref%%/*}
  if [[ $ref == */* && ( $first == *[.:]* || $first == localhost ) ]]; then repo_tag=${ref#*/}; fi
  skopeo copy -q --dest-tls-verify=false "oci:$work/image/packages:$ref" "docker://$dist_source/$repo_tag"
  repos+=("${repo_tag%:*}")
done <<< "$refs"
peer_sync() { for r in "$@"; do skopeo sync --src docker --dest docker --src-tls-verify=false --dest-tls-verify=false \
  "$dist_source/$r" "$dist_dest/${r%/*}" >>"$work/skopeo-sync.log" 2>&1 || { cat "$work/skopeo-sync.log" >&2; return 1; }; done; }
export -f peer_sync; export work dist_source dist_dest
timed skopeo bash -c 'peer_sync "$@"' _ "${repos[@]}"

python3 - "$work/plan.json" "$start" "$(secs join)" "$(secs skopeo)" "$(secs install)" "$images" "$(du -sb "$work/image/packages" | cut -f1)" <<'PY'
import json, sys
from datetime import datetime
plan_file, start, total, skopeo, install, images, image_bytes = sys.argv[1:]
start, total, skopeo = float(start), float(total), float(skopeo)
plan = json.load(open(plan_file))
key = lambda d, k: d.get(k, d.get(k[0].upper() + k[1:]))
def ts(s): return datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
def leaves(phases):
    for p in phases:
        children = key(p, "phases") or []
        if children: yield from leaves(children)
        else: yield p
rows, previous, registry = [], ts(key(plan, "created")), None
rows.append(("before the plan (trust, admission, checks)", previous - start))
for p in leaves(key(plan, "phases")):
    if key(p, "state") != "Completed": sys.exit(f"phase {key(p, 'phase')} is {key(p, 'state')}")
    done = ts(key(p, "updated"))
    rows.append((key(p, "phase"), done - previous))
    if key(p, "phase") == "/registry": registry = done - previous
    previous = done
rows.append(("after the plan (process exit)", start + total - previous))
mib = int(image_bytes) / 2**20
print()
print(f"gravity join benchmark: {images} images, packages/ {mib:.0f} MiB; install of node-1 took {float(install):.1f} s; measured once")
print(f"{'phase':<46} {'seconds':>9}")
for name, s in rows: print(f"{name:<46} {s:>9.2f}")
print(f"{'total join':<46} {total:>9.2f}")
print()
print(f"{'':<46} {'seconds':>9} {'MiB/s':>8}")
print(f"{'/registry (cluster registry onto node-2)':<46} {registry:>9.2f} {mib / registry:>8.0f}")
print(f"{'peer: skopeo sync, distribution -> distribution':<46} {skopeo:>9.2f} {mib / skopeo:>8.0f}")
ratio = skopeo / registry if registry > 0 else float("inf")
print(f"speed-up of /registry over skopeo sync: {ratio:.2f}x   (target >= 2x: {'met' if ratio >= 2 else 'NOT met'})")
PY
