#!/usr/bin/env bash
# The README's test command: starts what the tests need (a throwaway PostgreSQL cluster), runs every
# test of the solution, and stops the cluster at the end, also on failure. Extra arguments go to
# `dotnet test` (for example `--no-build --logger trx`).
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash eng/postgres.sh start)"
trap 'bash eng/postgres.sh stop' EXIT
dotnet test Personalization.sln -c Release "$@"
