#!/usr/bin/env bash
# Runs one libFuzzer target of tests/Personalization.Fuzz for a given time.
#   eng/fuzz.sh <target> <seconds> [extra libFuzzer flags...]
# Targets: transactions, customers, experiment, model, gzip (see tests/Personalization.Fuzz/Targets.cs).
# Installs what it needs: clang and the libFuzzer runtime from Debian (apt-get), the SharpFuzz.CommandLine
# dotnet tool (into artifacts/fuzz/tools), and builds the libfuzzer-dotnet driver from eng/fuzz/libfuzzer-dotnet.cc.
# The growing corpus is artifacts/fuzz/corpus/<target> (seeded from eng/fuzz/corpus/<target>), crashes go to
# artifacts/fuzz/findings/<target>/, the log to artifacts/fuzz/<target>.log; the last line printed is a summary.
# Replay a crash without libFuzzer (the uninstrumented build):
#   dotnet run --project tests/Personalization.Fuzz -c Release -- <target> --replay <file-or-folder>
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:?usage: eng/fuzz.sh <target> <seconds> [libFuzzer flags...]}"
seconds="${2:?usage: eng/fuzz.sh <target> <seconds> [libFuzzer flags...]}"
shift 2
case "$target" in transactions|customers|experiment|model|gzip) ;; *) echo "fuzz.sh: unknown target '$target'" >&2; exit 1 ;; esac

root="$PWD/artifacts/fuzz"
mkdir -p "$root"

# 1. clang with the libFuzzer runtime (Debian's clang ships it in libclang-rt-dev).
if ! command -v clang >/dev/null 2>&1 || ! compgen -G "/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null; then
  echo "fuzz.sh: installing clang and libclang-rt-dev" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq clang libclang-rt-dev >/dev/null
fi

# 2. The libfuzzer-dotnet driver (MIT, eng/fuzz/libfuzzer-dotnet.LICENSE), built from the vendored source.
driver="$root/libfuzzer-dotnet"
if [ ! -x "$driver" ] || [ eng/fuzz/libfuzzer-dotnet.cc -nt "$driver" ]; then
  clang -Werror -O2 -fsanitize=fuzzer eng/fuzz/libfuzzer-dotnet.cc -o "$driver"
fi

# 3. SharpFuzz's instrumenter as a local tool (no global install).
tools="$root/tools"
if [ ! -x "$tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null
fi

# 4. Publish the targets (one folder per target, so targets can run side by side; the lock keeps two
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

# 5. Run.
corpus="$root/corpus/$target"
findings="$root/findings/$target"
mkdir -p "$corpus" "$findings"
log="$root/$target.log"
set +e
started=$SECONDS
PERSONALIZATION_FUZZ_TARGET="$target" "$driver" --target_path=dotnet --target_arg="$out/Personalization.Fuzz.dll" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 \
  -artifact_prefix="$findings/" "$@" "$corpus" "eng/fuzz/corpus/$target" > "$log" 2>&1
status=$?
set -e
elapsed=$((SECONDS - started))
executed=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
corp=$(grep -o 'corp: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
crashes=$(find "$findings" -type f | wc -l)
echo "fuzz.sh: $target ran ${elapsed}s of ${seconds}s: ${executed:-?} executions, corpus ${corp:-?} inputs, $crashes finding(s) in $findings, exit $status (log $log)"
exit "$status"
