#!/usr/bin/env bash
# Rewrites PublicAPI.Unshipped.txt of src/ projects from the PublicApiAnalyzers diagnostics:
# RS0016 (public symbol not declared) adds the symbol, RS0017 (declared symbol gone) removes it.
# Usage: eng/update-public-api.sh [project-or-solution]   (default: Personalization.sln)
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-Personalization.sln}"
log=$(mktemp)
dotnet build "$target" --no-incremental -p:TreatWarningsAsErrors=false -p:WarningsAsErrors= -clp:NoSummary -v:q > "$log" 2>&1 || true
python3 - "$log" <<'PY'
import re, sys, collections
add = collections.defaultdict(set); remove = collections.defaultdict(set)
pat = re.compile(r"(RS0016|RS0017|RS0036|RS0037): Symbol '(.+?)' (?:is|are) .*?\[(.+?\.csproj)\]")
for line in open(sys.argv[1], encoding="utf-8"):
    m = pat.search(line)
    if not m: continue
    code, sym, proj = m.groups()
    d = proj.rsplit('/', 1)[0]
    (add if code in ("RS0016", "RS0036", "RS0037") else remove)[d].add(sym)
for d in set(add) | set(remove):
    path = d + "/PublicAPI.Unshipped.txt"
    try: lines = [l.rstrip("\n") for l in open(path, encoding="utf-8")]
    except FileNotFoundError: lines = ["#nullable enable"]
    body = set(l for l in lines[1:] if l.strip())
    body |= add[d]; body -= remove[d]
    with open(path, "w", encoding="utf-8") as f:
        f.write("#nullable enable\n" + "".join(s + "\n" for s in sorted(body)))
    print(f"{path}: +{len(add[d])} -{len(remove[d])}")
PY
rm -f "$log"
