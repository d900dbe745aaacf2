#!/usr/bin/env bash
# Upgrade plan benchmark: `gravity upgrade --manual` (reads the cluster's NODES node records from etcd, builds the
# upgrade plan and records it) and `gravity plan` (displays it) on a cluster of NODES nodes (1000: 3 masters, the rest
# regular nodes), whose records beyond the installed node are written straight into its etcd, as bench/scale.sh does.
# The new version is "uploaded" by hand: a renumbered copy of the installed version's folder and its upload record.
# Prints the seconds of each; the issue's target is under 1 s for the plan built and displayed. No peer: Gravity's
# plan of 1000 nodes is not something we can run here.
source "$(dirname "$0")/lib/common.sh"
nodes=${NODES:-1000}
gravity=${GRAVITY:-$repo/out/bin/gravity}; tele=${TELE:-$repo/out/bin/tele}
state="$work/state"
trap '[ -d "$state" ] && "$gravity" leave --force --state-dir "$state" -q >/dev/null 2>&1; cleanup' EXIT
[ -x "$gravity" ] || "$repo/scripts/publish.sh" "$repo/out/bin" >/dev/null

mkdir -p "$work/app"
cat > "$work/app/app.yaml" <<YAML
apiVersion: cluster.gravitational.io/v2
kind: Cluster
metadata:
  name: plan
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
"$tele" build "$work/app/app.yaml" -o "$work/plan.tar" --gravity-binary "$gravity" --state-dir "$work/tele-cache" -q
mkdir -p "$work/image"; tar -xf "$work/plan.tar" -C "$work/image"
etcd_port=$(free_port); peer_port=$(free_port); registry_port=$(free_port); health_port=$(free_port)
"$gravity" install --from "$work/image" --state-dir "$state" --cluster plan --node-name node-0 --advertise-addr 127.0.0.1 \
  --listen-addr 127.0.0.1 --token plan-token --service-uid "$(id -u)" --service-gid "$(id -g)" \
  --etcd-port "$etcd_port" --etcd-peer-port "$peer_port" --registry-port "$registry_port" --health-port "$health_port" -q \
  >"$work/install.log" 2>&1 || { echo "gravity install failed:"; cat "$work/install.log"; exit 1; } >&2

apps="$state/site/apps/plan"
cp -a "$apps/1.0.0" "$apps/2.0.0"
sed -i 's/resourceVersion: 1.0.0/resourceVersion: 2.0.0/' "$apps/2.0.0/app.yaml"
digest="sha256:$(sha256sum "$apps/2.0.0/head.json" | cut -d' ' -f1)"

echo "writing $((nodes - 1)) node records and the upload record of 2.0.0 into etcd ..."
python3 - "$state/secrets" "$etcd_port" "$nodes" "$digest" <<'PY'
import base64, http.client, json, ssl, sys
secrets, port, count, digest = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
ctx = ssl.create_default_context(cafile=f"{secrets}/ca.pem")
ctx.load_cert_chain(f"{secrets}/node.pem", f"{secrets}/node-key.pem")
conn = http.client.HTTPSConnection("127.0.0.1", port, context=ctx)
b64 = lambda s: base64.b64encode(s.encode()).decode()
def put(key, value):
    conn.request("POST", "/v3/kv/put", json.dumps({"key": b64(key), "value": b64(json.dumps(value))}))
    r = conn.getresponse(); r.read()
    if r.status != 200: sys.exit(f"put {key}: {r.status}")
for i in range(1, count):
    name = f"node-{i}"
    put(f"/gravity/cluster/nodes/{name}", {"name": name, "advertiseAddr": f"127.3.{i // 250}.{i % 250 + 1}", "role": "node",
        "joined": "2026-12-01T00:00:00Z", "status": "healthy", "master": i < 3, "healthPort": 9, "registryPort": 9, "stateDir": f"/var/lib/{name}"})
put("/gravity/cluster/uploads/plan/2.0.0", {"name": "plan", "version": "2.0.0", "uploaded": "2026-12-01T00:00:00Z", "uploadedBy": "node-0",
    "headDigest": digest, "masters": ["node-0"]})
PY

# Wall and CPU seconds (user + system): on a loaded machine the wall time is mostly waiting for a core.
cpu_timed() { local label=$1; shift; sync; /usr/bin/time -f "%e %U %S" -o "$work/$label.cpu" "$@"; }
cpu() { awk '{printf "%.2f", $2 + $3}' "$work/$1.cpu"; }
wall() { cut -d' ' -f1 "$work/$1.cpu"; }
cpu_timed version "$gravity" version > /dev/null
cpu_timed upgrade "$gravity" upgrade --manual --state-dir "$state" > "$work/upgrade.txt"
cpu_timed plan "$gravity" plan --state-dir "$state" > "$work/plan.txt"
plan_bytes=$(python3 - "$state/local/operations.db" <<'PY'
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT length(plan) FROM operations WHERE type = 'upgrade'").fetchone()[0])
PY
)
grep -q "The operation has been created in manual mode." "$work/upgrade.txt" || { echo "gravity upgrade --manual:"; cat "$work/upgrade.txt"; exit 1; } >&2
rows=$(grep -c '^ *\* ' "$work/plan.txt")
echo
echo "upgrade plan benchmark: a cluster of $nodes recorded nodes (one running), measured once"
printf '%-52s %9s %9s\n' "" "wall s" "cpu s"
printf '%-52s %9s %9s\n' "gravity version (the process alone)" "$(wall version)" "$(cpu version)"
printf '%-52s %9s %9s\n' "gravity upgrade --manual (plan built and recorded)" "$(wall upgrade)" "$(cpu upgrade)"
printf '%-52s %9s %9s\n' "gravity plan ($rows phases displayed)" "$(wall plan)" "$(cpu plan)"
echo "plan JSON: $plan_bytes bytes; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
