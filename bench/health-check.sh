#!/usr/bin/env bash
# Benchmark: the health check (application and server-level checks) at two database sizes, beside
#   - check_postgres (Debian check-postgres) running the comparable actions on the same database, and
#   - the seeds' manual diagnosis (seed 004 "Check queue status": GROUP BY status, COUNT(*) per table) run by psql,
# in the same run against the same throwaway PostgreSQL. The goal is a flat line: Runbook reads catalog and statistics
# views and index ranges, never whole tables, so its time should not grow with the tables.
# Usage: bench/health-check.sh [SMALL_MILLIONS [LARGE_MILLIONS]]   (default 0.5 and 5 million rows per table)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZES=("${1:-0.5}" "${2:-5}")
RUNS=3
WORK="$ROOT/.artifacts/bench"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() { as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast -w stop >/dev/null 2>&1 || true; }
trap cleanup EXIT

if ! command -v check_postgres >/dev/null 2>&1; then
  echo "installing check-postgres (the reference tool) with apt-get..." >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends check-postgres >/dev/null
fi

rm -rf "$WORK" && mkdir -p "$WORK/pg"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$WORK/pg"
PORT=55499
as_postgres "$PG_BIN/initdb" -D "$WORK/pg/data" -U postgres --auth=trust --no-locale --no-sync >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/server.log" -w -o "-p $PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
PSQL=("$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -q -X)

cat >"$WORK/runbook.json" <<JSON
{ "Runbook": { "Targets": [ { "Name": "shop", "Provider": "PostgreSql",
  "ConnectionString": "Host=127.0.0.1;Port=$PORT;Database=shop;Username=postgres",
  "ErrorLog": { "Table": "error_log" }, "Queues": [ { "Table": "email_outbox" }, { "Table": "sync_queue" } ] } ] } }
JSON
dotnet build "$ROOT/src/Runbook.Cli" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
RUNBOOK=(dotnet "$ROOT/src/Runbook.Cli/bin/Release/net10.0/runbook.dll" health check --json --config "$WORK/runbook.json")

# check_postgres's actions for what Runbook's PostgreSQL checks read (one process each, as a monitoring system runs them).
CP_ACTIONS=(backends locks query_time txn_time txn_idle txn_wraparound replication_slots sequence hitratio bloat last_vacuum last_analyze database_size)
cat >"$WORK/check_postgres.sh" <<SH
#!/usr/bin/env bash
for action in ${CP_ACTIONS[*]}; do
  check_postgres --action="\$action" --host=127.0.0.1 --port=$PORT --dbuser=postgres --dbname=shop --PGBINDIR="$PG_BIN" >/dev/null || true
done
SH
chmod +x "$WORK/check_postgres.sh"

# The manual diagnosis from the seeds: exact counts, which read every row.
cat >"$WORK/manual.sql" <<'SQL'
SELECT status, COUNT(*) FROM sync_queue GROUP BY status;
SELECT status, COUNT(*) FROM email_outbox GROUP BY status;
SELECT level, COUNT(*) FROM error_log GROUP BY level;
SELECT COUNT(*) FROM order_items;
SELECT COUNT(*) FROM orders;
SQL

measure() { # prints "seconds max_rss_kib"
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" >"$WORK/out.txt" 2>"$WORK/err.txt" || [ $? -le 2 ]
  tail -n 1 "$WORK/time.txt"
}

# The check's own time, from the report (completedAt - startedAt): the process time less .NET start-up.
inner() { python3 -c 'import json,sys,datetime as d; r=json.load(open(sys.argv[1])); p=lambda s: d.datetime.fromisoformat(s.replace("Z","+00:00")); print("%.3f" % (p(r["completedAt"])-p(r["startedAt"])).total_seconds())' "$WORK/out.txt"; }

best() { sort -n | head -n 1; }
declare -A RESULT
for size in "${SIZES[@]}"; do
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS shop" -c "CREATE DATABASE shop"
  "${PSQL[@]}" -d shop -f "$ROOT/samples/shop/postgresql.sql" >/dev/null
  echo "seeding ${size}M order_items, ${size}M finished sync_queue rows and ${size}M log lines..." >&2
  "${PSQL[@]}" -d shop <<SQL
INSERT INTO order_items (order_id, product_id, quantity, price_cents)
SELECT 1 + i % 20000, 1 + i % 200, 1, 100 FROM generate_series(1, (${size} * 1000000)::bigint) AS i;
INSERT INTO sync_queue (inventory_item_id, action, status, created_at)
SELECT i, 'update_stock', 'done', now() - interval '2 days' - i * interval '1 second' FROM generate_series(1, (${size} * 1000000)::bigint) AS i;
INSERT INTO error_log (level, message, created_at)
SELECT 'info', 'Order placed', now() - interval '2 days' - i * interval '1 second' FROM generate_series(1, (${size} * 1000000)::bigint) AS i;
VACUUM ANALYZE;
SQL
  db_size="$("${PSQL[@]}" -d shop -At -c "SELECT pg_size_pretty(pg_database_size('shop'))")"
  printf '\ndatabase: %s (%sM rows in each of order_items, sync_queue, error_log)\n' "$db_size" "$size"
  printf '%-52s %10s %12s %14s\n' "run" "seconds" "check (s)" "max RSS (MiB)"
  rb=(); rbi=(); cp=(); man=()
  for run in $(seq 1 "$RUNS"); do
    read -r s m < <(measure "${RUNBOOK[@]}"); i="$(inner)"; rb+=("$s"); rbi+=("$i")
    printf '%-52s %10s %12s %14s\n' "runbook health check (run $run)" "$s" "$i" "$((m / 1024))"
    read -r s m < <(measure "$WORK/check_postgres.sh"); cp+=("$s")
    printf '%-52s %10s %12s %14s\n' "check_postgres, ${#CP_ACTIONS[@]} actions (run $run)" "$s" "-" "$((m / 1024))"
    read -r s m < <(measure "${PSQL[@]}" -d shop -f "$WORK/manual.sql"); man+=("$s")
    printf '%-52s %10s %12s %14s\n' "psql: seed 004 manual counts (run $run)" "$s" "-" "$((m / 1024))"
  done
  RESULT["rb,$size"]="$(printf '%s\n' "${rb[@]}" | best)"
  RESULT["rbi,$size"]="$(printf '%s\n' "${rbi[@]}" | best)"
  RESULT["cp,$size"]="$(printf '%s\n' "${cp[@]}" | best)"
  RESULT["man,$size"]="$(printf '%s\n' "${man[@]}" | best)"
done

small="${SIZES[0]}"; large="${SIZES[1]}"
ratio() { python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print('%.2fx' % (b/a if a > 0 else float('nan')))" "$1" "$2"; }
printf '\ngrowth from %sM to %sM rows per table (best of %s; 1.00x is flat)\n' "$small" "$large" "$RUNS"
printf '%-52s %10s %10s %8s\n' "tool" "${small}M (s)" "${large}M (s)" "growth"
for key in rb rbi cp man; do
  case "$key" in
    rb) name="runbook health check (process)" ;;
    rbi) name="runbook health check (the check itself)" ;;
    cp) name="check_postgres, ${#CP_ACTIONS[@]} actions" ;;
    man) name="psql: seed 004 manual counts" ;;
  esac
  printf '%-52s %10s %10s %8s\n' "$name" "${RESULT[$key,$small]}" "${RESULT[$key,$large]}" "$(ratio "${RESULT[$key,$small]}" "${RESULT[$key,$large]}")"
done
