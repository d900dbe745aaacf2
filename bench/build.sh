#!/usr/bin/env bash
# Benchmark of `tele build` against the peer pipeline (skopeo copy of every image into one OCI layout, then tar),
# from the same local registry, in the same run. Defaults: 8 images sharing a 200 MB base layer, 100 MB each of
# their own (about 1 GiB of unique blobs). Override with IMAGES, BASE_MB, UNIQUE_MB.
source "$(dirname "$0")/lib/common.sh"
images=${IMAGES:-8}; base_mb=${BASE_MB:-200}; unique_mb=${UNIQUE_MB:-100}
ensure_tools
start_distribution source; src=$registry

echo "generating $images images ($base_mb MB shared base + $unique_mb MB each) ..."
dotnet "$work/imagegen/Gravity.Bench.ImageGen.dll" "$work/gen" "$images" "$base_mb" "$unique_mb" >/dev/null
mkdir -p "$work/app"
{
  echo "apiVersion: cluster.gravitational.io/v1beta1"; echo "kind: ImageSet"; echo "metadata: {name: bench}"; echo "spec:"; echo "  images:"
  for i in $(seq 0 $((images - 1))); do
    skopeo copy -q --dest-tls-verify=false "oci:$work/gen:bench/app$i:1.0.0" "docker://$src/bench/app$i:1.0.0"
    echo "    - image: $src/bench/app$i:1.0.0"
  done
} > "$work/app/images.yaml"
rm -rf "$work/gen"
cat > "$work/app/app.yaml" <<YAML
apiVersion: bundle.gravitational.io/v2
kind: Bundle
metadata:
  name: bench
  resourceVersion: 1.0.0
YAML
sync

peer() {
  rm -rf "$work/peer"; mkdir -p "$work/peer"
  for i in $(seq 0 $((images - 1))); do
    skopeo copy -q --src-tls-verify=false "docker://$src/bench/app$i:1.0.0" "oci:$work/peer/layout:bench/app$i:1.0.0"
  done
  tar -C "$work/peer" -cf "$work/peer.tar" layout
}
export -f peer; export work src images

timed peer bash -c peer
timed cold "$repo/out/bin/tele" build "$work/app/app.yaml" -o "$work/cold.tar" --state-dir "$work/state" --insecure -q
# The warm build takes a tenth of a second or so, where one run is at the mercy of the scheduler: the median of 5.
for i in 1 2 3 4 5; do
  timed "warm$i" "$repo/out/bin/tele" build "$work/app/app.yaml" -o "$work/warm.tar" -f --state-dir "$work/state" --insecure -q
done
for i in 1 2 3 4 5; do cat "$work/warm$i.time"; done | sort -n | sed -n 3p > "$work/warm.time"

unique=$(du -sb "$work/state/content/blobs" | cut -f1)
ours_size=$(stat -c %s "$work/cold.tar"); peer_size=$(stat -c %s "$work/peer.tar")
cmp -s "$work/cold.tar" "$work/warm.tar" && same=yes || same=no

echo
echo "tele build benchmark: $images images, ${base_mb} MB shared base, ${unique_mb} MB each"
printf '%-38s %10s %12s\n' "" "seconds" "peak MiB"
printf '%-38s %10s %12s\n' "peer: skopeo copy x$images + tar" "$(secs peer)" "$(peak_mib peer)"
printf '%-38s %10s %12s\n' "tele build (cold cache)" "$(secs cold)" "$(peak_mib cold)"
printf '%-38s %10s %12s\n' "tele build (warm cache, median of 5)" "$(secs warm)" "$(peak_mib warm)"
echo "speed-up over peer (peer/tele):   $(ratio "$(secs peer)" "$(secs cold)")x   (target >= 1.5x)"
echo "warm/cold:                        $(ratio "$(secs warm)" "$(secs cold)")   (target < 0.10)"
blob_bytes=$(tar tvf "$work/cold.tar" | awk '$6 ~ /^packages\/blobs\// {s+=$3} END {print s+0}')
echo "image blobs / unique blobs:       $(ratio "$blob_bytes" "$unique")   (each blob stored once)"
echo "whole image / unique blobs:       $(ratio "$ours_size" "$unique")   (target <= 1.02; includes the gravity binary, $(stat -c %s "$repo/out/bin/gravity") bytes; peer tar: $(ratio "$peer_size" "$unique"))"
echo "peak memory tele:                 $(peak_mib cold) MiB (target < 200)"
echo "warm output byte-identical:       $same"
