#!/usr/bin/env bash
# Benchmark: the size and time of .NET's gzip levels (Runbook:Backups:GzipLevel) beside gzip -1 on the same SQL text:
# COPY rows shaped like bench/backup.sh's events table. Usage: bench/gzip-levels.sh [ROWS] (default 1500000, ~205 MB)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROWS="${1:-1500000}"
WORK="$ROOT/.artifacts/bench-gzip"
rm -rf "$WORK" && mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT
python3 - "$WORK/sample.sql" "$ROWS" <<'PY'
import hashlib, sys
with open(sys.argv[1], 'w') as f:
    f.write("COPY public.events (id, customer_id, at, kind, amount, payload) FROM stdin;\n")
    for g in range(1, int(sys.argv[2]) + 1):
        m1 = hashlib.md5(str(g).encode()).hexdigest(); m2 = hashlib.md5(str(g * 7).encode()).hexdigest()
        f.write(f"{g}\t{1 + g % 400000}\t2026-12-0{1 + g % 7} 1{g % 10}:{g % 60:02d}:{g % 60:02d}.{g % 1000000:06d}+00\t{['view','cart','order','refund'][g % 4]}\t{(g % 100000) / 100:.2f}\t{m1} {m2} {'x' * (g % 40)}\n")
    f.write("\\.\n")
PY
dotnet build "$ROOT/bench/gzip-levels" -c Release -nologo -v quiet -clp:ErrorsOnly -o "$WORK/bin" >/dev/null
printf 'sample: %s MiB of SQL\n%-40s %10s %10s\n' "$(( $(stat -c %s "$WORK/sample.sql") / 1048576 ))" "compressor" "MiB" "seconds"
start=$(date +%s.%N); gzip -1 -c "$WORK/sample.sql" > "$WORK/sample.sql.gz"; end=$(date +%s.%N)
printf '%-40s %10.1f %10.2f\n' "gzip -1" "$(echo "$(stat -c %s "$WORK/sample.sql.gz") / 1048576" | bc -l)" "$(echo "$end - $start" | bc -l)"
dotnet "$WORK/bin/gzip-levels.dll" "$WORK/sample.sql"
