#!/usr/bin/env bash
# Benchmark of `gravity install` on this node: a cluster image carrying about 1 GiB of container images (built by the
# published tele from an OCI layout) is untarred and installed into a temporary state folder with free loopback ports.
# Reports the total and the time of each plan phase (from `gravity plan --format json`), and compares, in the same run,
# the /export phase (images imported into the local cluster registry's storage) with the peer path: `skopeo copy` of the same images
# from the cluster image's OCI layout (packages/) into a fresh, empty registry of the same kind (`gravity registry serve`).
# GRAVITY=/path/to/gravity measures another gravity build (the install runs the binary it is started from).
# Defaults: 8 images sharing a 200 MB base layer, 100 MB each of their own. Override with IMAGES, BASE_MB, UNIQUE_MB.
# Nothing on the host changes: no /etc/hosts entry, services run as the current user, everything is removed at the end
# (`gravity leave --force`, then the scratch folder).
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/cluster-image.sh"
images=${IMAGES:-8}; base_mb=${BASE_MB:-200}; unique_mb=${UNIQUE_MB:-100}
gravity=${GRAVITY:-$repo/out/bin/gravity}; tele=${TELE:-$repo/out/bin/tele}   # GRAVITY/TELE: other builds to measure
state="$work/state"

# Runs before common.sh's cleanup: uninstall the cluster, then end whatever still runs from the state folder.
uninstall() {
  if [ -d "$state" ]; then
    timeout 120 "$gravity" leave --force --state-dir "$state" -q >"$work/leave.log" 2>&1 || { echo "gravity leave --force failed:"; cat "$work/leave.log"; } >&2
  fi
  local left
  left=$(python3 - "$state/" <<'PY'
import os, sys
for pid in filter(str.isdigit, os.listdir("/proc")):
    if int(pid) == os.getpid(): continue
    try: args = open(f"/proc/{pid}/cmdline", "rb").read().decode(errors="replace").split("\0")
    except OSError: continue
    if any(a.startswith(sys.argv[1]) or ("=" + sys.argv[1]) in a for a in args): print(pid)
PY
)
  if [ -n "$left" ]; then
    echo "killing processes left running from $state: $left" >&2
    # shellcheck disable=SC2086
    kill -9 $left 2>/dev/null || true
  fi
  cleanup
}
trap uninstall EXIT

ensure_tools
build_cluster_image bench "$work/image"
image_bytes=$(du -sb "$work/image/packages" | cut -f1)
sync

etcd_port=$(free_port); peer_port=$(free_port); registry_port=$(free_port); health_port=$(free_port)
echo "installing into $state (etcd $etcd_port/$peer_port, registry $registry_port, health $health_port) ..."
start=$(date +%s.%N)
timed install "$gravity" install --from "$work/image" --state-dir "$state" --cluster bench --node-name bench-node \
  --advertise-addr 127.0.0.1 --listen-addr 127.0.0.1 --token bench-token \
  --service-uid "$(id -u)" --service-gid "$(id -g)" \
  --etcd-port "$etcd_port" --etcd-peer-port "$peer_port" --registry-port "$registry_port" --health-port "$health_port" \
  >"$work/install.log" 2>&1 || { echo "gravity install failed:"; cat "$work/install.log"; exit 1; } >&2
"$gravity" plan --state-dir "$state" --format json > "$work/plan.json"
"$gravity" registry list --state-dir "$state" > "$work/cluster-registry.txt"
exported=$(grep -c "bench/app" "$work/cluster-registry.txt" || true)
[ "$exported" -eq "$images" ] || { echo "the cluster registry lists $exported of $images images:"; cat "$work/cluster-registry.txt"; exit 1; } >&2

# The peer path: the same images, from the same OCI layout, into an empty registry of the same kind, one skopeo copy each.
peer_registry=127.0.0.1:$(free_port)
mkdir -p "$work/peer-data"
"$gravity" registry serve --listen "$peer_registry" --data-dir "$work/peer-data" -q >"$work/peer-registry.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -sf "http://$peer_registry/v2/" >/dev/null && break; sleep 0.1; done
curl -sf "http://$peer_registry/v2/" >/dev/null || { echo "gravity registry serve did not start:"; cat "$work/peer-registry.log"; exit 1; } >&2
refs=$(python3 -c '
import json, sys
for m in json.load(open(sys.argv[1]))["manifests"]:
    print(m["annotations"]["org.opencontainers.image.ref.name"])' "$work/image/packages/index.json")
[ "$(echo "$refs" | wc -l)" -eq "$images" ] || { echo "packages/index.json names: $refs"; exit 1; } >&2
printf '%s\n' "$refs" > "$work/refs.txt"
peer() {
  while read -r ref; do
    repo_tag=$ref; first=${ref%%/*}
    if [[ $ref == */* && ( $first == *[.:]* || $first == localhost ) ]]; then repo_tag=${ref#*/}; fi   # drop the registry host
    skopeo copy -q --dest-tls-verify=false "oci:$work/image/packages:$ref" "docker://$peer_registry/$repo_tag"
  done < "$work/refs.txt"
}
export -f peer; export work peer_registry
sync
timed skopeo bash -c peer
copied=$("$gravity" registry list --registry "$peer_registry" | grep -c "bench/app" || true)
[ "$copied" -eq "$images" ] || { echo "skopeo left $copied of $images images in $peer_registry"; exit 1; } >&2

python3 - "$work/plan.json" "$start" "$(secs install)" "$(secs skopeo)" "$images" "$base_mb" "$unique_mb" "$image_bytes" "$(secs tele)" <<'PY'
import json, sys
from datetime import datetime
plan_file, start, total, skopeo, images, base_mb, unique_mb, image_bytes, tele = sys.argv[1:]
start, total, skopeo = float(start), float(total), float(skopeo)
plan = json.load(open(plan_file))
key = lambda d, k: d.get(k, d.get(k[0].upper() + k[1:]))
def ts(s): return datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
def leaves(phases):
    for p in phases:
        children = key(p, "phases") or []
        if children: yield from leaves(children)
        else: yield p
rows, previous = [], ts(key(plan, "created"))
rows.append(("before the plan (verify image, create plan)", previous - start))
export = None
for p in leaves(key(plan, "phases")):
    if key(p, "state") != "Completed": sys.exit(f"phase {key(p, 'phase')} is {key(p, 'state')}")
    done = ts(key(p, "updated"))
    rows.append((key(p, "phase"), done - previous))
    if key(p, "phase") == "/export": export = done - previous
    previous = done
rows.append(("after the plan (process exit)", start + total - previous))
print()
print(f"gravity install benchmark: {images} images, {base_mb} MB shared base + {unique_mb} MB each; "
      f"packages/ {int(image_bytes) / 2**20:.0f} MiB (tele build took {float(tele):.1f} s)")
print(f"{'phase':<46} {'seconds':>9}")
for name, s in rows: print(f"{name:<46} {s:>9.2f}")
print(f"{'total install':<46} {total:>9.2f}")
print()
mib = int(image_bytes) / 2**20
print(f"{'':<46} {'seconds':>9} {'MiB/s':>8}")
print(f"{'/export (into the cluster registry)':<46} {export:>9.2f} {mib / export:>8.0f}")
print(f"{'peer: skopeo copy x' + images + ' into gravity registry':<46} {skopeo:>9.2f} {mib / skopeo:>8.0f}")
ratio = skopeo / export if export > 0 else float("inf")
print(f"speed-up of /export over skopeo (skopeo/export): {ratio:.2f}x   (target >= 2x: {'met' if ratio >= 2 else 'NOT met'})")
PY
