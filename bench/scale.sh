#!/usr/bin/env bash
# Scale benchmark: `gravity status` (text and --format json) and the join admission (POST /v1/join: the node list, the
# role and master rule, the grant) of a cluster of NODES nodes (1000), whose records beyond the installed node are
# written straight into its etcd (over etcd's JSON gateway with the node's client certificate, one connection). The
# recorded nodes have loopback addresses nothing listens on, so the agent's health round finds them offline at once.
# Prints the seconds of each; the issue's target is under 1 s. No peer: no other tool keeps such records.
source "$(dirname "$0")/lib/common.sh"
nodes=${NODES:-1000}
gravity=${GRAVITY:-$repo/out/bin/gravity}; tele=${TELE:-$repo/out/bin/tele}
state="$work/state"
trap '[ -d "$state" ] && "$gravity" leave --force --state-dir "$state" -q >/dev/null 2>&1; cleanup' EXIT
[ -x "$gravity" ] || "$repo/scripts/publish.sh" "$repo/out/bin" >/dev/null

mkdir -p "$work/app" "$work/gen"
cat > "$work/app/app.yaml" <<YAML
apiVersion: cluster.gravitational.io/v2
kind: Cluster
metadata:
  name: scale
  resourceVersion: 1.0.0
installer:
  flavors:
    items:
      - name: one
        nodes:
          - profile: node
            count: 1
nodeProfiles:
  - name: node
    description: benchmark node
YAML
"$tele" build "$work/app/app.yaml" -o "$work/scale.tar" --state-dir "$work/tele-cache" -q
mkdir -p "$work/image"; tar -xf "$work/scale.tar" -C "$work/image"
etcd_port=$(free_port); peer_port=$(free_port); registry_port=$(free_port); health_port=$(free_port)
"$gravity" install --from "$work/image" --state-dir "$state" --cluster scale --node-name node-0 --advertise-addr 127.0.0.1 \
  --listen-addr 127.0.0.1 --token scale-token --service-uid "$(id -u)" --service-gid "$(id -g)" \
  --etcd-port "$etcd_port" --etcd-peer-port "$peer_port" --registry-port "$registry_port" --health-port "$health_port" -q \
  >"$work/install.log" 2>&1 || { echo "gravity install failed:"; cat "$work/install.log"; exit 1; } >&2

echo "writing $((nodes - 1)) node records into etcd ..."
python3 - "$state/secrets" "$etcd_port" "$nodes" <<'PY'
import base64, http.client, json, ssl, sys
secrets, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
ctx = ssl.create_default_context(cafile=f"{secrets}/ca.pem")
ctx.load_cert_chain(f"{secrets}/node.pem", f"{secrets}/node-key.pem")
conn = http.client.HTTPSConnection("127.0.0.1", port, context=ctx)
b64 = lambda s: base64.b64encode(s.encode()).decode()
for i in range(1, count):
    name = f"node-{i}"
    record = {"name": name, "advertiseAddr": f"127.3.{i // 250}.{i % 250 + 1}", "role": "node", "joined": "2026-12-01T00:00:00Z",
              "status": "healthy", "master": i < 3, "healthPort": 9, "registryPort": 9}
    conn.request("POST", "/v3/kv/put", json.dumps({"key": b64(f"/gravity/cluster/nodes/{name}"), "value": b64(json.dumps(record))}))
    r = conn.getresponse(); r.read()
    if r.status != 200: sys.exit(f"put {name}: {r.status}")
PY

timed status "$gravity" status --state-dir "$state" > "$work/status.txt"
timed status-json "$gravity" status --state-dir "$state" --format json > "$work/status.json"
listed=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["nodes"]))' "$work/status.json")
[ "$listed" -eq "$nodes" ] || { echo "gravity status lists $listed of $nodes nodes"; exit 1; } >&2
admission=$(python3 - "$state/secrets" "$health_port" <<'PY'
import hashlib, hmac, http.client, json, secrets as rnd, ssl, sys, time
secrets, port = sys.argv[1], int(sys.argv[2])
ctx = ssl.create_default_context(cafile=f"{secrets}/ca.pem")
conn = http.client.HTTPSConnection("127.0.0.1", port, context=ctx)
nonce = rnd.token_hex(16)
conn.request("GET", f"/v1/join/ca?nonce={nonce}"); r = conn.getresponse(); ca = json.loads(r.read())
start = time.monotonic()
conn.request("POST", "/v1/join", json.dumps({"nodeName": "joiner", "advertiseAddr": "10.9.9.9", "hostName": "joiner"}),
             {"Authorization": "Bearer scale-token", "Content-Type": "application/json"})
r = conn.getresponse(); body = r.read()
took = time.monotonic() - start
if r.status != 200: sys.exit(f"admission: {r.status} {body[:300]}")
print(f"{took:.3f} {json.loads(body)['master']}")
PY
)
echo
echo "scale benchmark: a cluster of $nodes recorded nodes (one running), measured once"
printf '%-52s %9s\n' "" "seconds"
printf '%-52s %9s\n' "gravity status (text, $(wc -l < "$work/status.txt") lines)" "$(secs status)"
printf '%-52s %9s\n' "gravity status --format json" "$(secs status-json)"
printf '%-52s %9s\n' "join admission POST /v1/join (master: ${admission#* })" "${admission% *}"
