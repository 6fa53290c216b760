#!/usr/bin/env bash
# Big-data benchmark: features for every customer from N synthetic transactions, whole-process wall time and peak
# memory (GNU /usr/bin/time -v), for the in-memory engine and for the hand-written DuckDB peer on the same files.
# NOT run in CI (minutes and gigabytes). Results: a markdown table on stdout and in $BIGDATA_DIR/bigdata-<rows>.md.
#
#   benchmarks/bigdata.sh                      # 1M and 10M rows
#   benchmarks/bigdata.sh 1000000 10000000 100000000
#   RUNS=5 BIGDATA_DIR=/data/bench benchmarks/bigdata.sh 10000000
#
# Environment: BIGDATA_DIR (work folder, default /tmp/personalization-bigdata; needs ~85 bytes per row for the CSV and
# ~20 for Parquet), RUNS (timed runs per row of the table, the median is reported; default 3), SEED (default 17),
# DUCKDB_MEMORY_LIMIT (DuckDB's memory_limit for the peer, default 1536MB; it spills to $BIGDATA_DIR/spill beyond that),
# DUCKDB_THREADS (default: DuckDB's own, one per core).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${BIGDATA_DIR:-/tmp/personalization-bigdata}"
runs="${RUNS:-3}"
seed="${SEED:-17}"
memory_limit="${DUCKDB_MEMORY_LIMIT:-1536MB}"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 10000000)
[ -x /usr/bin/time ] || { echo "bigdata.sh: needs GNU time (/usr/bin/time; apt-get install time)" >&2; exit 2; }

mkdir -p "$work/spill"
echo "building (Release) ..." >&2
for project in benchmarks/Personalization.DataGenerator src/Personalization.Tool; do
  dotnet build "$root/$project" -c Release -nologo -v q >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
done
generator=(dotnet "$root/benchmarks/Personalization.DataGenerator/bin/Release/net10.0/Personalization.DataGenerator.dll")
personalize="$root/src/Personalization.Tool/bin/Release/net10.0/Personalization.Tool"
peer_options=(--memory-limit "$memory_limit" --temp-directory "$work/spill")
[ -z "${DUCKDB_THREADS:-}" ] || peer_options+=(--threads "$DUCKDB_THREADS")

# The pushdown engine (Personalization.Sql) is measured once the CLI has --engine; until then its rows say so.
has_engine=false
memory_engine=()
if "$personalize" features --help 2>&1 | grep -q -- '--engine'; then has_engine=true; memory_engine=(--engine memory); fi

# measure LABEL OUTPUT_CSV COMMAND...: runs COMMAND $runs times; prints "wall_s cpu_s peak_MiB" (medians; cpu = user + sys).
measure() {
  local label="$1" output="$2"; shift 2
  local walls=() cpus=() peaks=() log="$work/time.log"
  for ((r = 0; r < runs; r++)); do
    rm -f "$output"
    if ! /usr/bin/time -v "$@" >"$work/run.log" 2>"$log"; then
      echo "bigdata.sh: '$label' failed:" >&2; cat "$work/run.log" "$log" >&2; exit 1
    fi
    walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$log")")
    cpus+=("$(awk -F': ' '/(User|System) time \(seconds\)/ { s += $2 } END { print s }' "$log")")
    peaks+=("$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$log")")
  done
  local median='{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
  echo "$(printf '%s\n' "${walls[@]}" | sort -g | awk "$median")" \
       "$(printf '%s\n' "${cpus[@]}" | sort -g | awk "$median")" \
       "$(printf '%s\n' "${peaks[@]}" | sort -g | awk "$median")"
}

# row N LABEL OUTPUT_CSV COMMAND...: one table row, with rows/s and a check of the output against the in-memory engine.
row() {
  local n="$1" label="$2" output="$3"; shift 3
  local wall cpu peak check="reference" out
  measure "$label" "$output" "$@" >"$work/measure.out"
  read -r wall cpu peak <"$work/measure.out"
  if [ "$output" != "$reference" ]; then
    if out="$("${generator[@]}" compare --expected "$reference" --actual "$output" --tolerance 1e-9 2>&1)"; then
      check="${out%% (customer*}"
    else
      check="DIFFERENT: $out"
    fi
  fi
  printf '| %s | %s | %s | %s | %.2f | %s | %s |\n' "$n" "$label" "$wall" "$cpu" "$(awk -v n="$n" -v w="$wall" 'BEGIN { print n / w / 1e6 }')" "$peak" "$check"
}

for n in "${sizes[@]}"; do
  data="$work/$n"
  mkdir -p "$data"
  csv="$data/tx.csv"
  parquet="$data/parquet"
  if [ ! -s "$csv" ]; then "${generator[@]}" csv --rows "$n" --seed "$seed" --out "$csv" >&2; fi
  if [ ! -d "$parquet" ]; then "${generator[@]}" parquet --input "$csv" --out "$parquet" >&2; fi
  reference="$data/memory/features.csv"
  table="$work/bigdata-$n.md"
  {
    echo "$n rows ($(awk -F, 'NR > 1 { print $1 }' "$csv" | sort -u | wc -l) customers): CSV $(du -m "$csv" | cut -f1) MB, Parquet $(du -sm "$parquet" | cut -f1) MB ($(ls "$parquet" | wc -l) partitions); median of $runs runs; $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M') UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    echo "| rows | path | wall s | cpu s | M rows/s (wall) | peak MiB | features vs --engine memory |"
    echo "|---:|---|---:|---:|---:|---:|---|"
    row "$n" "personalize features --engine memory, CSV" "$reference" "$personalize" features "${memory_engine[@]}" --input "$csv" --output "$data/memory"
    if $has_engine; then
      row "$n" "personalize features --engine duckdb, CSV" "$data/duckdb-csv/features.csv" "$personalize" features --engine duckdb --input "$csv" --output "$data/duckdb-csv" --memory-limit "$memory_limit" --temp-directory "$work/spill"
      row "$n" "personalize features --engine duckdb, Parquet" "$data/duckdb-parquet/features.csv" "$personalize" features --engine duckdb --input "$parquet" --output "$data/duckdb-parquet" --memory-limit "$memory_limit" --temp-directory "$work/spill"
    else
      echo "| $n | personalize features --engine duckdb (pushdown) | not in this build | | | | |"
    fi
    row "$n" "peer: hand-written DuckDB query, CSV" "$data/peer-csv.csv" "${generator[@]}" query --input "$csv" --out "$data/peer-csv.csv" "${peer_options[@]}"
    row "$n" "peer: hand-written DuckDB query, Parquet" "$data/peer-parquet.csv" "${generator[@]}" query --input "$parquet" --out "$data/peer-parquet.csv" "${peer_options[@]}"
  } | tee "$table"
  echo
done
