#!/usr/bin/env bash
# Runs every test of the solution: installs the system packages the tests start (registries, etcd, containerd,
# PostgreSQL, skopeo), builds once, publishes tele and gravity, runs all test projects, and ends with one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh || { echo "error: installing system packages failed"; exit 1; }

log=$(mktemp)
trap 'rm -f "$log" "$log.publish"' EXIT

dotnet build Gravity.slnx -c Debug -nologo -v quiet 2>&1 | tail -n 20 | tee -a "$log"
if [ "${PIPESTATUS[0]}" -ne 0 ]; then echo "error: build failed"; exit 1; fi

# The tests that run gravity and tele as programs run the published single-file executables (trimmed gravity,
# ReadyToRun tele): what users get, not the debug build.
bin=out/test-bin
scripts/publish.sh "$bin" >/dev/null 2>"$log.publish" || { cat "$log.publish"; echo "error: publishing tele and gravity failed"; exit 1; }
export GRAVITY_TEST_BIN=$PWD/$bin

# Test projects run one after another: each starts real servers, and 2 cores are shared.
dotnet test Gravity.slnx -c Debug --no-build -nologo -m:1 --blame-hang-timeout 5m "$@" 2>&1 | tee -a "$log"
status=${PIPESTATUS[0]}

passed=0; failed=0; skipped=0
while read -r f p s; do
  failed=$((failed + f)); passed=$((passed + p)); skipped=$((skipped + s))
done < <(grep -E '(Passed|Failed)!  - Failed:' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\1 \2 \3/')
echo
echo "Tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
