#!/usr/bin/env bash
# Benchmark of the cluster health endpoint: a cluster of NODES (10) nodes, each a network namespace on a private bridge
# made here (its own ports, state folder and node name; nothing reaches the host's network). node-1 installs a small
# cluster image (no container images), the others join: the flavor has MASTERS (2) master profiles and the rest
# regular nodes (node-role.kubernetes.io/node: "true", etcd clients without a registry). Once node-1's endpoint lists
# every node running, reads the "round" of ROUNDS (5) successive rounds (own probes plus every peer's answer) from
# node-1, from the other master and from a regular node, and prints their median and max. Needs root (ip netns).
# No peer: no other tool answers Gravity's health endpoint.
source "$(dirname "$0")/lib/common.sh"
nodes=${NODES:-10}; masters=${MASTERS:-2}; rounds=${ROUNDS:-5}
gravity=${GRAVITY:-$repo/out/bin/gravity}; tele=${TELE:-$repo/out/bin/tele}
[ "$(id -u)" -eq 0 ] || { echo "bench/health.sh needs root (network namespaces)" >&2; exit 1; }
[ "$nodes" -ge 3 ] && [ "$masters" -ge 1 ] && [ "$masters" -lt "$nodes" ] || { echo "needs NODES >= 3 and 1 <= MASTERS < NODES" >&2; exit 1; }
run=$$; net=10.215.$((run % 200 + 20)); bridge=ghb$run-br
ns_of() { echo "ghb$run-$1"; }

teardown() {
  for i in $(seq "$nodes" -1 1); do
    ns=$(ns_of "$i")
    [ -d "$work/$ns" ] && timeout 60 ip netns exec "$ns" "$gravity" leave --force --state-dir "$work/$ns" -q >/dev/null 2>&1 || true
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true; rm -rf "/etc/netns/$ns"
  done
  ip netns del "$bridge" 2>/dev/null || true
  cleanup
}
trap teardown EXIT

bash "$repo/scripts/install-deps.sh"
[ -x "$gravity" ] && [ -x "$tele" ] || "$repo/scripts/publish.sh" "$repo/out/bin" >/dev/null
ip netns add "$bridge"; ip -n "$bridge" link add br0 type bridge; ip -n "$bridge" link set br0 up
hosts=$(printf '127.0.0.1 localhost\n'; for i in $(seq 1 "$nodes"); do printf '%s.%s node-%s\n' "$net" "$i" "$i"; done)
for i in $(seq 1 "$nodes"); do
  ns=$(ns_of "$i")
  ip netns add "$ns"; ip -n "$ns" link set lo up
  ip link add "v$run-$i" type veth peer name "b$run-$i"
  ip link set "v$run-$i" netns "$ns"; ip link set "b$run-$i" netns "$bridge"
  ip -n "$bridge" link set "b$run-$i" master br0; ip -n "$bridge" link set "b$run-$i" up
  ip -n "$ns" link set "v$run-$i" name eth0; ip -n "$ns" addr add "$net.$i/24" dev eth0; ip -n "$ns" link set eth0 up
  mkdir -p "/etc/netns/$ns"; echo "$hosts" > "/etc/netns/$ns/hosts"
done

mkdir -p "$work/app"
cat > "$work/app/app.yaml" <<YAML
apiVersion: cluster.gravitational.io/v2
kind: Cluster
metadata:
  name: health
  resourceVersion: 1.0.0
installer:
  flavors:
    items:
      - name: cluster
        nodes:
          - profile: master
            count: $masters
          - profile: node
            count: $((nodes - masters))
nodeProfiles:
  - name: master
    description: benchmark master
    labels:
      node-role.kubernetes.io/master: "true"
  - name: node
    description: benchmark regular node
    labels:
      node-role.kubernetes.io/node: "true"
YAML
echo "building the cluster image with tele ..."
"$tele" build "$work/app/app.yaml" -o "$work/health.tar" --gravity-binary "$gravity" --state-dir "$work/tele-cache" -q
mkdir -p "$work/image"; tar -xf "$work/health.tar" -C "$work/image"; rm -f "$work/health.tar"

ns1=$(ns_of 1)
echo "installing node-1 ($net.1) ..."
timed install ip netns exec "$ns1" "$gravity" install --from "$work/image" --state-dir "$work/$ns1" --cluster health --node-name node-1 \
  --advertise-addr "$net.1" --token bench-token --service-uid "$(id -u)" --service-gid "$(id -g)" >"$work/install.log" 2>&1 \
  || { echo "gravity install failed:"; cat "$work/install.log"; exit 1; } >&2
for i in $(seq 2 "$nodes"); do
  ns=$(ns_of "$i")
  echo "joining node-$i ($net.$i) ..."
  timed "join-$i" ip netns exec "$ns" "$gravity" join "$net.1" --token bench-token --state-dir "$work/$ns" --node-name "node-$i" \
    --advertise-addr "$net.$i" --service-uid "$(id -u)" --service-gid "$(id -g)" >"$work/join-$i.log" 2>&1 \
    || { echo "gravity join of node-$i failed:"; cat "$work/join-$i.log"; exit 1; } >&2
done

# From node-1's namespace (the bridge reaches every node), trusting the cluster CA: wait until node-1 lists every node
# running (bounded), then read each endpoint until it has shown $rounds rounds it completed after that.
ip netns exec "$ns1" python3 - "$work/$ns1/secrets/ca.pem" "$net" "$nodes" "$masters" "$rounds" \
  "$(secs install)" "$(for i in $(seq 2 "$nodes"); do secs "join-$i"; done | sort -n | tail -1)" <<'PY'
import json, ssl, statistics, sys, time, urllib.error, urllib.request
ca, net, nodes, masters, rounds, install, slowest_join = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6]), *sys.argv[6:8]
ctx = ssl.create_default_context(cafile=ca)
def report(i):
    try:
        with urllib.request.urlopen(f"https://{net}.{i}:7575/", context=ctx, timeout=10) as r: return json.load(r)
    except urllib.error.HTTPError as e: return json.load(e)  # 503: degraded, still a report
def running(r): return r["status"] == "running" and len(r["nodes"]) == nodes

start, r = time.monotonic(), {}
while time.monotonic() - start < 180:
    try: r = report(1)
    except OSError: r = {}
    if r and running(r): break
    time.sleep(1)
else:
    sys.exit("node-1 did not list every node running within 180 s:\n" + json.dumps(r, indent=1)[:3000])
healthy_after = time.monotonic() - start

endpoints = {"node-1 (master, installed)": 1}
if masters > 1: endpoints[f"node-{masters} (master, joined)"] = masters
endpoints[f"node-{nodes} (regular node)"] = nodes
seen, last = {name: {} for name in endpoints}, {}
begun = time.monotonic()
while time.monotonic() - begun < 30 + rounds * 15 and any(len(s) < rounds for s in seen.values()):
    for name, i in endpoints.items():
        if len(seen[name]) >= rounds: continue
        r = report(i)
        if r.get("round") is None: sys.exit(f"{name}'s report has no round: is the gravity binary older than the round field?")
        # Only rounds that saw the whole cluster running count (a node's first rounds after the last join may not).
        if running(r): seen[name][r["round"]["completed_at"]] = r["round"]["seconds"]
        else: last[name] = f"{r['status']} with {len(r['nodes'])} nodes"
    time.sleep(0.5)
print()
print(f"health benchmark: {nodes} nodes ({masters} masters, {nodes - masters} regular), one network namespace each;"
      f" install {float(install):.1f} s, slowest join {float(slowest_join):.1f} s; node-1 listed all running {healthy_after:.1f} s after the last join")
print(f"one full round = the node's own probes + every peer's answer (node-status, time-drift); {rounds} rounds per endpoint")
print(f"{'endpoint':<34} {'rounds':>6} {'median s':>9} {'max s':>9}")
for name, s in seen.items():
    v = list(s.values())
    if len(v) < rounds: sys.exit(f"{name}: only {len(v)} of {rounds} rounds seen running with {nodes} nodes (last: {last.get(name)})")
    print(f"{name:<34} {len(v):>6} {statistics.median(v):>9.3f} {max(v):>9.3f}")
print("no peer: no other tool answers Gravity's health endpoint")
PY
