#!/usr/bin/env bash
# Publishes tele and gravity as self-contained single-file linux-x64 executables into out/bin (or $1).
set -euo pipefail
cd "$(dirname "$0")/.."
dest=${1:-out/bin}
mkdir -p "$dest"
for tool in tele gravity; do
  out=$(dotnet publish "cli/$tool/$tool.csproj" -c Release -p:PublishSingle=true -nologo -v quiet -o "$dest" 2>&1) \
    || { echo "$out" >&2; echo "error: publishing $tool failed" >&2; exit 1; }
done
rm -f "$dest"/*.pdb
echo "$dest/tele"
echo "$dest/gravity"
