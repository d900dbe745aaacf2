#!/usr/bin/env bash
# Image discovery from Helm charts, measured against the real helm: for every build of
# tests/Packaging/Discovery/Helm/Charts/cases.txt, the images of `tele build --dry-run` with helm and without helm (the
# built-in reader) are compared with those `helm template` renders for the same charts and flags; precision and recall
# of both paths are printed, with aborted builds counted. Then the time of `tele build --dry-run` of an application with
# 10 charts: cold and warm (median of 5) with helm, and without helm. TELE=path overrides the tele under test.
source "$(dirname "$0")/lib/common.sh"
bash "$repo/scripts/install-deps.sh"
tele=${TELE:-$repo/out/bin/tele}
if [ ! -x "$tele" ] || [ -n "${BENCH_REBUILD:-}" ]; then "$repo/scripts/publish.sh" "$repo/out/bin" >/dev/null; tele=$repo/out/bin/tele; fi
helm=$(command -v helm) || { echo "bench/charts.sh needs helm on PATH (scripts/install-deps.sh installs it)" >&2; exit 1; }
no_helm_path=$(python3 -c 'import os,sys; print(":".join(d for d in os.environ["PATH"].split(":") if not os.path.exists(os.path.join(d, "helm"))))')
export tele helm no_helm_path work
python3 - "$repo/tests/Packaging/Discovery/Helm/Charts" <<'PY'
import os, subprocess, sys, yaml

root = sys.argv[1]
tele, helm, work = os.environ["tele"], os.environ["helm"], os.environ["work"]

def normalise(ref):
    name, _, digest = ref.partition("@")
    tag = ""
    slash, colon = name.rfind("/"), name.rfind(":")
    if colon > slash:
        name, tag = name[:colon], name[colon + 1:]
    parts = name.split("/")
    if len(parts) == 1:
        name = "docker.io/library/" + name
    elif "." not in parts[0] and ":" not in parts[0] and parts[0] != "localhost":
        name = "docker.io/" + name
    if not tag and not digest:
        tag = "latest"
    return name + (":" + tag if tag else "") + ("@" + digest if digest else "")

def images_of(node, found):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("containers", "initContainers", "ephemeralContainers") and isinstance(value, list):
                for c in value:
                    if isinstance(c, dict) and isinstance(c.get("image"), str) and c["image"]:
                        found.add(normalise(c["image"]))
            images_of(value, found)
    elif isinstance(node, list):
        for item in node:
            images_of(item, found)

def oracle(folder, flags):
    found = set()
    charts = os.path.join(folder, "charts")
    for chart in sorted(os.listdir(charts)):
        out = subprocess.run([helm, "template", "oracle", os.path.join(charts, chart), "--kube-version", "v1.35.2", "--include-crds", *flags],
                             cwd=folder, capture_output=True, text=True, check=True).stdout
        for doc in yaml.safe_load_all(out):
            images_of(doc, found)
    return found

def tele_images(folder, flags, with_helm):
    env = dict(os.environ)
    if not with_helm:
        env["PATH"] = os.environ["no_helm_path"]
    state = os.path.join(work, "state-" + ("helm" if with_helm else "builtin"))
    r = subprocess.run([tele, "build", "app.yaml", "--dry-run", "--state-dir", state, *flags], cwd=folder, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        return None, r.stderr.strip().splitlines()[-1:] 
    found, inside = set(), False
    for line in r.stdout.splitlines():
        if line.startswith("Images ("):
            inside = True
        elif not line.startswith("  "):
            inside = False
        elif inside and not line.startswith("   "):
            found.add(line.strip())
    return found, [l for l in (r.stdout + r.stderr).splitlines() if "warning" in l.lower()]

totals = {True: [0, 0, 0, 0], False: [0, 0, 0, 0]}   # true positives, found, expected, aborted builds
print(f"{'build':58} {'expected':>8} {'helm':>10} {'built-in':>10}")
for line in open(os.path.join(root, "cases.txt")):
    line = line.strip()
    if not line or line.startswith("#"):
        continue
    words = line.split()
    folder, flags = os.path.join(root, words[0]), words[1:]
    expected = oracle(folder, flags)
    cells = []
    for with_helm in (True, False):
        found, notes = tele_images(folder, flags, with_helm)
        t = totals[with_helm]
        t[2] += len(expected)
        if found is None:
            t[3] += 1
            cells.append("ABORT")
            print(f"  {'helm' if with_helm else 'built-in'} aborted: {notes}", file=sys.stderr)
            continue
        t[0] += len(found & expected)
        t[1] += len(found)
        cells.append(f"{len(found & expected)}/{len(found)}")
        for extra in sorted(found - expected):
            print(f"  {line}: {'helm' if with_helm else 'built-in'} found {extra}, which helm template does not render", file=sys.stderr)
        for missed in sorted(expected - found):
            print(f"  {line}: {'helm' if with_helm else 'built-in'} missed {missed}", file=sys.stderr)
    print(f"{line:58} {len(expected):>8} {cells[0]:>10} {cells[1]:>10}")
for with_helm, label in ((True, "with helm"), (False, "without helm (built-in reader)")):
    tp, found, expected, aborted = totals[with_helm]
    precision = tp / found if found else 0.0
    recall = tp / expected if expected else 0.0
    print(f"{label}: precision {precision:.3f} recall {recall:.3f} ({tp} of {expected} images, {found - tp} wrong, {aborted} aborted builds)")
PY

# An application with 10 charts: the charts of the cases, copied under ten folder names.
app=$work/ten-charts
mkdir -p "$app/charts"
printf 'apiVersion: bundle.gravitational.io/v2\nkind: Bundle\nmetadata:\n  name: ten-charts\n  resourceVersion: 0.0.1\n' > "$app/app.yaml"
i=0
for _ in 1 2; do
  for chart in "$repo"/tests/Packaging/Discovery/Helm/Charts/{bitnami-style,appversion-tag,tuple-helpers,distroless,with-tests,umbrella}/charts/*; do
    [ $i -lt 10 ] || break
    cp -r "$chart" "$app/charts/chart$i"; i=$((i + 1))
  done
done
run() { "$tele" build "$app/app.yaml" --dry-run --state-dir "$work/ten-state" -q >/dev/null; }
nohelm() { PATH=$no_helm_path "$tele" build "$app/app.yaml" --dry-run --state-dir "$work/ten-state" -q >/dev/null; }
export -f run nohelm; export app
timed cold bash -c run
for n in 1 2 3 4 5; do timed "warm$n" bash -c run; done
warm=$(for n in 1 2 3 4 5; do secs "warm$n"; done | sort -n | sed -n 3p)
timed builtin bash -c nohelm
echo "tele build --dry-run, 10 charts: with helm cold $(secs cold) s, warm $warm s (median of 5); without helm $(secs builtin) s"
