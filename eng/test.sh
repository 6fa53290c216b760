#!/usr/bin/env bash
# The README's test command: starts what the tests need (packs the packages into a local feed and starts
# a throwaway PostgreSQL cluster, and finds or installs headless Chromium for the report rendering test), runs every
# test of the solution, and stops the cluster at the end, also on failure. Extra arguments go to
# `dotnet test` (for example `--no-build --logger trx`).
set -euo pipefail
cd "$(dirname "$0")/.."
# The packaging tests consume the packed packages from a local folder feed.
bash eng/pack.sh
export PERSONALIZATION_PACKAGES="$PWD/artifacts/packages"
# The HTML report test renders the page in real headless Chromium (installed with apt-get when missing).
# If that fails the other tests still run; the report test then fails and says how to install it.
if PERSONALIZATION_CHROMIUM="$(bash eng/chromium.sh)"; then
  export PERSONALIZATION_CHROMIUM
else
  echo "test.sh: no headless Chromium (see eng/chromium.sh); the HTML report rendering test will fail." >&2
fi
eval "$(bash eng/postgres.sh start)"
trap 'bash eng/postgres.sh stop' EXIT
dotnet test Personalization.sln -c Release "$@"
