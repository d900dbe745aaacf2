# Shared helpers of the bench scripts: a scratch folder, a docker-registry on loopback, timing with peak memory.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=${BENCH_WORK:-$(mktemp -d /tmp/gravity-bench.XXXXXX)}
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; [ -n "${BENCH_KEEP:-}" ] || rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# start_distribution NAME: starts a Debian docker-registry (distribution 2.8) on 127.0.0.1 and sets $registry to its
# host:port and $registry_pid. Not to be called in $(...): the pid must reach the cleanup list of this shell.
start_distribution() {
  local name=$1 port; port=$(free_port)
  mkdir -p "$work/$name"
  cat > "$work/$name/config.yml" <<YAML
version: 0.1
log: { level: error, accesslog: { disabled: true } }
storage: { filesystem: { rootdirectory: $work/$name/data }, delete: { enabled: true } }
http: { addr: 127.0.0.1:$port }
YAML
  docker-registry serve "$work/$name/config.yml" >"$work/$name/log" 2>&1 &
  pids+=($!)
  registry_pid=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.1; done
  registry="127.0.0.1:$port"
}

# timed LABEL CMD... : runs CMD, records wall seconds and peak RSS (MiB) in $work/LABEL.time. Dirty pages are
# flushed first (not timed): otherwise a step pays for the writes of the one before it (2 GB of them slow the next
# 1 GB write from 1.4 s to 3.3 s on the CI machines), and the order of the runs decides the ratio.
timed() {
  local label=$1; shift
  sync
  /usr/bin/time -f "%e %M" -o "$work/$label.time" "$@"
}
secs() { cut -d' ' -f1 "$work/$1.time"; }
peak_mib() { awk '{printf "%.0f", $2/1024}' "$work/$1.time"; }
ratio() { python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(f'{a/b:.3f}' if b>0 else 'inf')" "$1" "$2"; }

ensure_tools() {
  bash "$repo/scripts/install-deps.sh"
  if [ ! -x "$repo/out/bin/tele" ] || [ -n "${BENCH_REBUILD:-}" ]; then "$repo/scripts/publish.sh" "$repo/out/bin" >/dev/null; fi
  dotnet build "$repo/bench/ImageGen" -c Release -nologo -v quiet -o "$work/imagegen" >/dev/null
}
