#!/usr/bin/env bash
# Benchmark of our registry server against Debian's docker-registry (distribution 2.8): skopeo pushes the same set of
# images (about 1 GiB) into each and pulls them back, in the same run, on loopback. Prints throughput, ratios and the
# peak memory of both servers. Override IMAGES, BASE_MB, UNIQUE_MB.
source "$(dirname "$0")/lib/common.sh"
images=${IMAGES:-8}; base_mb=${BASE_MB:-200}; unique_mb=${UNIQUE_MB:-100}
ensure_tools

echo "generating $images images ($base_mb MB shared base + $unique_mb MB each) ..."
dotnet "$work/imagegen/Gravity.Bench.ImageGen.dll" "$work/gen" "$images" "$base_mb" "$unique_mb" >/dev/null
total_bytes=$(du -sb "$work/gen/blobs" | cut -f1)

start_distribution distribution; dist=$registry; dist_pid=$registry_pid
hub_port=$(free_port)
"$repo/out/bin/gravity" registry serve --listen "127.0.0.1:$hub_port" --data-dir "$work/hub" >"$work/hub.log" 2>&1 &
pids+=($!)
hub_pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$hub_port/v2/" >/dev/null && break; sleep 0.1; done
hub="127.0.0.1:$hub_port"

push() { for i in $(seq 0 $((images - 1))); do skopeo copy -q --dest-tls-verify=false "oci:$work/gen:bench/app$i:1.0.0" "docker://$1/bench/app$i:1.0.0"; done; }
pull() { rm -rf "$work/pull-$2"; for i in $(seq 0 $((images - 1))); do skopeo copy -q --src-tls-verify=false "docker://$1/bench/app$i:1.0.0" "oci:$work/pull-$2:app$i"; done; }
export -f push pull; export work images

# Pushes happen once (a second push would find every blob present); pulls run twice in alternating order and the
# faster run of each counts, so that page-cache warmth and other load on the machine favour neither server.
timed dist-push bash -c "push $dist"
timed hub-push bash -c "push $hub"
timed dist-pull-1 bash -c "pull $dist dist"
timed hub-pull-1 bash -c "pull $hub hub"
timed hub-pull-2 bash -c "pull $hub hub"
timed dist-pull-2 bash -c "pull $dist dist"
best() { python3 -c "import sys; print(min(float(x) for x in sys.argv[1:]))" "$@"; }
echo "$(best "$(secs dist-pull-1)" "$(secs dist-pull-2)") 0" > "$work/dist-pull.time"
echo "$(best "$(secs hub-pull-1)" "$(secs hub-pull-2)") 0" > "$work/hub-pull.time"

dist_rss=$(awk '/^VmHWM/ {printf "%.0f", $2/1024}' "/proc/$dist_pid/status" 2>/dev/null || echo "?")
hub_rss=$(awk '/^VmHWM/ {printf "%.0f", $2/1024}' "/proc/$hub_pid/status" 2>/dev/null || echo "?")
mbps() { python3 -c "import sys; print(f'{int(sys.argv[1])/1e6/float(sys.argv[2]):.0f}')" "$total_bytes" "$1"; }

echo
echo "registry benchmark: $images images, $((total_bytes / 1000000)) MB of unique blobs, skopeo on loopback"
printf '%-28s %10s %10s\n' "" "seconds" "MB/s"
for l in dist-push hub-push dist-pull hub-pull; do printf '%-28s %10s %10s\n' "$l" "$(secs $l)" "$(mbps "$(secs $l)")"; done
echo "push: hub speed / distribution speed = $(ratio "$(secs dist-push)" "$(secs hub-push)")x (target >= 1.0)"
echo "pull: hub speed / distribution speed = $(ratio "$(secs dist-pull)" "$(secs hub-pull)")x (target >= 1.0)"
echo "peak memory: hub ${hub_rss} MiB (target < 250), distribution ${dist_rss} MiB"
