#!/usr/bin/env bash
# Benchmark of `gravity upload`: a cluster of 1.0.0 installed on this node (temporary state folder, free loopback
# ports), then 2.0.0 uploaded into it, where 80 % of 2.0.0's blob bytes are 1.0.0's (the shared base and the images
# that did not change). The peer, in the same run, into the same cluster registry (mutual TLS with the node's
# certificate): `skopeo copy` of each of 2.0.0's images from the image's OCI layout (packages/). Between the two the
# registry's storage goes back to what the install left (a hard-linked copy: blobs are never rewritten in place), so
# each side starts from a registry that holds 1.0.0 only. A second upload of the same image shows the fixed cost (it
# sends nothing): the difference is what the new bytes cost.
# Defaults: 6 images sharing a 120 MB base, 30 MB each of their own, 2 of them changed in 2.0.0 (60 of 300 MB new).
# Override with IMAGES, BASE_MB, UNIQUE_MB, CHANGED. GRAVITY/TELE: other builds to measure.
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/cluster-image.sh"
images=${IMAGES:-6}; base_mb=${BASE_MB:-120}; unique_mb=${UNIQUE_MB:-30}; changed=${CHANGED:-2}
gravity=${GRAVITY:-$repo/out/bin/gravity}; tele=${TELE:-$repo/out/bin/tele}
state="$work/state"

uninstall() {
  if [ -d "$state" ]; then
    timeout 120 "$gravity" leave --force --state-dir "$state" -q >"$work/leave.log" 2>&1 || { echo "gravity leave --force failed:"; cat "$work/leave.log"; } >&2
  fi
  cleanup
}
trap uninstall EXIT

ensure_tools
build_cluster_image bench "$work/v1" 1.0.0 0
build_cluster_image bench "$work/v2" 2.0.0 "$changed"

etcd_port=$(free_port); peer_port=$(free_port); registry_port=$(free_port); health_port=$(free_port)
echo "installing 1.0.0 into $state ..."
"$gravity" install --from "$work/v1" --state-dir "$state" --cluster bench --node-name bench-node \
  --advertise-addr 127.0.0.1 --listen-addr 127.0.0.1 --token bench-token \
  --service-uid "$(id -u)" --service-gid "$(id -g)" \
  --etcd-port "$etcd_port" --etcd-peer-port "$peer_port" --registry-port "$registry_port" --health-port "$health_port" \
  >"$work/install.log" 2>&1 || { echo "gravity install failed:"; cat "$work/install.log"; exit 1; } >&2
registry=127.0.0.1:$registry_port
data="$state/registry"
cp -al "$data" "$work/registry-1.0.0"
restore_registry() { rm -rf "$data"; cp -al "$work/registry-1.0.0" "$data"; }

# Bytes of 2.0.0's blobs that 1.0.0 does not have (what either side has to move).
read -r total_bytes new_bytes < <(python3 - "$work/v1/packages" "$work/v2/packages" <<'PY'
import json, os, sys
def blobs(layout):
    out = {}
    for m in json.load(open(os.path.join(layout, "index.json")))["manifests"]:
        d = m["digest"]; doc = json.load(open(os.path.join(layout, "blobs", *d.split(":"))))
        for b in [doc["config"], *doc["layers"]]: out[b["digest"]] = b["size"]
    return out
old, new = blobs(sys.argv[1]), blobs(sys.argv[2])
print(sum(new.values()), sum(s for d, s in new.items() if d not in old))
PY
)

# The node's client certificate for skopeo (the cluster registry requires one).
certs="$work/client-certs"; mkdir -p "$certs"
cp "$state/secrets/ca.pem" "$certs/ca.crt"; cp "$state/secrets/node.pem" "$certs/node.cert"; cp "$state/secrets/node-key.pem" "$certs/node.key"
python3 -c '
import json, sys
for m in json.load(open(sys.argv[1]))["manifests"]: print(m["annotations"]["org.opencontainers.image.ref.name"])' "$work/v2/packages/index.json" > "$work/refs.txt"
peer() {
  while read -r ref; do
    repo_tag=$ref; first=${ref%%/*}
    if [[ $ref == */* && ( $first == *[.:]* || $first == localhost ) ]]; then repo_tag=${ref#*/}; fi   # drop the registry host
    skopeo copy -q --dest-cert-dir "$certs" "oci:$work/v2/packages:$ref" "docker://$registry/$repo_tag" || return 1
  done < "$work/refs.txt"
}
export -f peer; export work registry certs

echo "skopeo copy of 2.0.0's $images images into the cluster registry ..."
timed skopeo bash -c peer
listed=$("$gravity" registry list --state-dir "$state" | grep -c ":2.0.0" || true)
[ "$listed" -eq "$images" ] || { echo "after skopeo the cluster registry lists $listed of $images images of 2.0.0"; exit 1; } >&2
restore_registry
[ "$("$gravity" registry list --state-dir "$state" | grep -c ":2.0.0" || true)" -eq 0 ] || { echo "the registry still holds 2.0.0 after the restore"; exit 1; } >&2

echo "gravity upload of 2.0.0 ..."
timed upload "$gravity" upload --from "$work/v2" --state-dir "$state" -q
listed=$("$gravity" registry list --state-dir "$state" | grep -c ":2.0.0" || true)
[ "$listed" -eq "$images" ] || { echo "after gravity upload the cluster registry lists $listed of $images images of 2.0.0"; exit 1; } >&2
timed again "$gravity" upload --from "$work/v2" --state-dir "$state" -q

python3 - "$(secs upload)" "$(secs again)" "$(secs skopeo)" "$total_bytes" "$new_bytes" "$images" "$changed" "$(peak_mib upload)" "$(peak_mib skopeo)" <<'PY'
import sys
upload, again, skopeo, total, new, images, changed, upload_mib, skopeo_mib = sys.argv[1:]
upload, again, skopeo, total, new = float(upload), float(again), float(skopeo), int(total), int(new)
mib = lambda b: b / 2**20
print()
print(f"gravity upload benchmark: 2.0.0 onto a cluster of 1.0.0, {images} images, {changed} changed; "
      f"2.0.0's blobs {mib(total):.0f} MiB, {mib(new):.0f} MiB of them new ({100 * (total - new) / total:.0f} % shared)")
print(f"{'':<52} {'seconds':>8} {'peak MiB':>9}")
print(f"{'gravity upload (verify, registry, app folder, record)':<52} {upload:>8.2f} {upload_mib:>9}")
print(f"{'gravity upload again (nothing new: the fixed cost)':<52} {again:>8.2f}")
print(f"{'peer: skopeo copy x' + images + ' into the cluster registry':<52} {skopeo:>8.2f} {skopeo_mib:>9}")
ratio = skopeo / upload if upload > 0 else float("inf")
print(f"speed-up of gravity upload over skopeo (skopeo/upload): {ratio:.2f}x   (target >= 2x: {'met' if ratio >= 2 else 'NOT met'})")
per_new = (upload - again) / mib(new) if new else 0
print(f"cost of the new bytes: {upload - again:.2f} s for {mib(new):.0f} MiB ({per_new * 1000:.1f} ms/MiB); the {mib(total - new):.0f} MiB shared cost nothing beyond the fixed {again:.2f} s")
PY
