#!/usr/bin/env bash
# Runs one AFL++ target of tests/Personalization.Fuzz for a given time.
#   eng/fuzz.sh <target> <seconds> [extra afl-fuzz flags...]
# Targets: transactions, customers, experiment, model, gzip (see tests/Personalization.Fuzz/Targets.cs).
# Installs what it needs: AFL++ from Debian (apt-get install afl++, as root) and the SharpFuzz.CommandLine
# dotnet tool (into artifacts/fuzz/tools). No third-party source is built: SharpFuzz speaks AFL's fork-server
# protocol itself (Fuzzer.OutOfProcess.Run in Program.cs), so afl-fuzz runs `dotnet Personalization.Fuzz.dll`.
# Each run starts fresh from the seed corpus eng/fuzz/corpus/<target>; afl-fuzz's output (queue, crashes/,
# hangs/, fuzzer_stats) is artifacts/fuzz/afl-<target>/default/, the log artifacts/fuzz/<target>.log;
# the last line printed is a summary.
# Replay a crash without a fuzzer (the uninstrumented build):
#   dotnet run --project tests/Personalization.Fuzz -c Release -- <target> --replay artifacts/fuzz/afl-<target>/default/crashes
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:?usage: eng/fuzz.sh <target> <seconds> [afl-fuzz flags...]}"
seconds="${2:?usage: eng/fuzz.sh <target> <seconds> [afl-fuzz flags...]}"
shift 2
case "$target" in transactions|customers|experiment|model|gzip) ;; *) echo "fuzz.sh: unknown target '$target'" >&2; exit 1 ;; esac

root="$PWD/artifacts/fuzz"
mkdir -p "$root"

# 1. AFL++ from Debian.
if ! command -v afl-fuzz >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "fuzz.sh: afl-fuzz is missing; install it as root: apt-get install -y afl++" >&2
    exit 1
  fi
  echo "fuzz.sh: installing afl++" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq afl++ >/dev/null
fi

# 2. SharpFuzz's instrumenter as a local tool (no global install).
tools="$root/tools"
if [ ! -x "$tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null
fi

# 3. Publish the targets (one folder per target, so targets can run side by side; the lock keeps two
#    publishes of the same project apart) and instrument the assemblies that parse the input.
out="$root/out-$target"
(
  flock 9
  rm -rf "$out"
  dotnet publish tests/Personalization.Fuzz -c Release -o "$out" -v:q -nologo >/dev/null
  for dll in Personalization.Core.dll Personalization.Features.dll CsvHelper.dll Personalization.Clustering.dll Personalization.Uplift.dll; do
    "$tools/sharpfuzz" "$out/$dll" >/dev/null
  done
) 9>"$root/publish.lock"

# 4. Run. The target binary is `dotnet` (not AFL-instrumented itself, hence AFL_SKIP_BIN_CHECK); the machine
#    has no performance governor or core_pattern to tune and is shared, hence the other settings.
afl="$root/afl-$target"
rm -rf "$afl"
log="$root/$target.log"
set +e
started=$SECONDS
AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_SKIP_BIN_CHECK=1 \
AFL_NO_AFFINITY=1 AFL_FORKSRV_INIT_TMOUT=60000 \
  afl-fuzz -i "eng/fuzz/corpus/$target" -o "$afl" -V "$seconds" -t 10000 -m none "$@" \
  -- dotnet "$out/Personalization.Fuzz.dll" "$target" > "$log" 2>&1
status=$?
set -e
elapsed=$((SECONDS - started))
stats="$afl/default/fuzzer_stats"
stat() { [ -f "$stats" ] && awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
executed=$(stat execs_done || true)
corp=$(stat corpus_count || true)
crashes=$(find "$afl/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
echo "fuzz.sh: $target ran ${elapsed}s of ${seconds}s: ${executed:-?} executions, corpus ${corp:-?} inputs, $crashes crash(es) in $afl/default/crashes, exit $status (log $log)"
exit "$status"
