#!/bin/sh
# Builds the container images of the example application (examples/) into an OCI image layout, offline, with umoci:
# a shared base layer and one small layer per image. The ref names are the references the example uses
# (example/web:1.0.0, example/api:1.0.0, example/hooks:1.0.0), so that
#   tele build examples/app.yaml --oci-layout examples/.images
# finds them there without any registry. Times and owners are fixed, so the digests are the same on every run.
#
# Usage: scripts/build-example-images.sh [LAYOUT_DIR]   (default: examples/.images)
set -eu

root="$(cd "$(dirname "$0")/.." && pwd)"
layout="${1:-$root/examples/.images}"
created="2000-01-01T00:00:00Z"
epoch=946684800

command -v umoci >/dev/null 2>&1 || { echo "umoci is required (apt-get install umoci)" >&2; exit 1; }

rootless=""
[ "$(id -u)" = "0" ] || rootless="--rootless"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT INT TERM

# Content of the layers: plain files with fixed times (and busybox when the machine has a static one).
mkdir -p "$work/base/etc" "$work/base/bin" "$work/web" "$work/api" "$work/hooks"
printf 'NAME="Example base"\nID=example\nVERSION_ID=1\n' >"$work/base/etc/os-release"
for bb in /bin/busybox /usr/bin/busybox; do
  if [ -x "$bb" ] && file "$bb" 2>/dev/null | grep -q "statically linked"; then cp "$bb" "$work/base/bin/busybox"; break; fi
done
printf '<html><body><h1>Example web 1.0.0</h1></body></html>\n' >"$work/web/index.html"
printf 'Example API 1.0.0: answers on port 8080.\n' >"$work/api/README"
printf '#!/bin/sh\necho "example install hook: nothing to do"\n' >"$work/hooks/install.sh"
chmod 0755 "$work/hooks/install.sh"
find "$work" -exec touch -h -d "@$epoch" {} +

rm -rf "$layout"
umoci init --layout "$layout"
umoci new --image "$layout:base"
umoci insert $rootless --image "$layout:base" --history.created "$created" --history.created_by "example base" "$work/base" /
umoci config --image "$layout:base" --created "$created" --history.created "$created" --os linux --architecture amd64 \
  --config.env PATH=/bin:/usr/bin --config.workingdir /

add_image() { # name source target cmd
  umoci tag --image "$layout:base" "$1"
  umoci insert $rootless --image "$layout:$1" --history.created "$created" --history.created_by "example $1" "$2" "$3"
  umoci config --image "$layout:$1" --created "$created" --history.created "$created" --config.cmd "$4"
}
add_image example/web:1.0.0 "$work/web" /srv/www /bin/busybox
add_image example/api:1.0.0 "$work/api" /srv/api /bin/busybox
add_image example/hooks:1.0.0 "$work/hooks" /hooks /hooks/install.sh
umoci rm --image "$layout:base"
umoci gc --layout "$layout"

echo "example images written to $layout:"
umoci ls --layout "$layout" | sed 's/^/  /'
