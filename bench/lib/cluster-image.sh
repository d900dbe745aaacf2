# build_cluster_image NAME DIR: generates $images images ($base_mb MB shared base + $unique_mb MB each) with ImageGen,
# builds a cluster image of them with the published tele ($tele) and untars it into DIR. The images are named by the
# containers of a hook job the install does not run (info): an application with Kubernetes resources or install
# hooks cannot complete /app here (no Kubernetes API server), one without can.
# VERSION and CHANGED (optional, default 1.0.0 and 0): a later version whose first CHANGED images have a layer of their own.
build_cluster_image() {
  local name=$1 dir=$2 version=${3:-1.0.0} changed=${4:-0}
  echo "generating $images images ($base_mb MB shared base + $unique_mb MB each) of $version ..."
  dotnet "$work/imagegen/Gravity.Bench.ImageGen.dll" "$work/gen" "$images" "$base_mb" "$unique_mb" "$version" "$changed" >/dev/null
  mkdir -p "$work/app"
  cat > "$work/app/app.yaml" <<YAML
apiVersion: cluster.gravitational.io/v2
kind: Cluster
metadata:
  name: $name
  resourceVersion: $version
installer:
  flavors:
    items:
      - name: single
        nodes:
          - profile: node
            count: 1
nodeProfiles:
  - name: node
    description: benchmark node
YAML
  {
    echo "hooks:"; echo "  info:"; echo "    job: |"
    echo "      apiVersion: batch/v1"; echo "      kind: Job"; echo "      metadata: {name: bench-info}"
    echo "      spec:"; echo "        template:"; echo "          spec:"; echo "            restartPolicy: Never"; echo "            containers:"
    for i in $(seq 0 $((images - 1))); do echo "              - {name: app$i, image: \"bench/app$i:$version\"}"; done
  } >> "$work/app/app.yaml"
  echo "building the cluster image with tele ..."
  timed tele "$tele" build "$work/app/app.yaml" -o "$work/$name.tar" --oci-layout "$work/gen" --state-dir "$work/tele-cache" -q
  rm -rf "$work/gen" "$work/tele-cache"
  mkdir -p "$dir"
  tar -xf "$work/$name.tar" -C "$dir"
  rm -f "$work/$name.tar"
}
