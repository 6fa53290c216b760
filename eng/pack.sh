#!/usr/bin/env bash
# Packs every package under src/ into artifacts/packages (emptied first), for the packaging tests and
# for publishing. Extra arguments go to `dotnet pack` (for example --no-build).
set -euo pipefail
cd "$(dirname "$0")/.."
out="$PWD/artifacts/packages"
rm -rf "$out"
mkdir -p "$out"
for project in src/*/*.csproj; do
  dotnet pack "$project" -c Release -o "$out" --nologo -v quiet "$@" >&2
done
ls "$out"/*.nupkg >&2
