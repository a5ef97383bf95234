#!/usr/bin/env bash
# Benchmark: the health check on a large shop database, side by side with the seeds' manual approach
# (seed 004 "Check queue status": SELECT status, COUNT(*) ... GROUP BY status; COUNT(*) per table) run by psql.
# Both run in the same session against the same throwaway PostgreSQL. Usage: bench/health-check.sh [ROWS_MILLIONS]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MILLIONS="${1:-5}"
WORK="$ROOT/.artifacts/bench"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() { as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast -w stop >/dev/null 2>&1 || true; }
trap cleanup EXIT

rm -rf "$WORK" && mkdir -p "$WORK/pg"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$WORK/pg"
PORT=55499
as_postgres "$PG_BIN/initdb" -D "$WORK/pg/data" -U postgres --auth=trust --no-locale --no-sync >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/server.log" -w -o "-p $PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
PSQL=("$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -q -X)
"${PSQL[@]}" -d postgres -c "CREATE DATABASE shop"
"${PSQL[@]}" -d shop -f "$ROOT/samples/shop/postgresql.sql" >/dev/null

echo "seeding ${MILLIONS}M order_items, ${MILLIONS}M finished sync_queue rows and ${MILLIONS}M log lines..." >&2
"${PSQL[@]}" -d shop <<SQL
INSERT INTO order_items (order_id, product_id, quantity, price_cents)
SELECT 1 + i % 20000, 1 + i % 200, 1, 100 FROM generate_series(1, ${MILLIONS} * 1000000) AS i;
INSERT INTO sync_queue (inventory_item_id, action, status, created_at)
SELECT i, 'update_stock', 'done', now() - interval '2 days' - i * interval '1 second' FROM generate_series(1, ${MILLIONS} * 1000000) AS i;
INSERT INTO error_log (level, message, created_at)
SELECT 'info', 'Order placed', now() - interval '2 days' - i * interval '1 second' FROM generate_series(1, ${MILLIONS} * 1000000) AS i;
VACUUM ANALYZE;
SQL
SIZE="$("${PSQL[@]}" -d shop -At -c "SELECT pg_size_pretty(pg_database_size('shop'))")"

cat >"$WORK/runbook.json" <<JSON
{ "Runbook": { "Targets": [ { "Name": "shop", "Provider": "PostgreSql",
  "ConnectionString": "Host=127.0.0.1;Port=$PORT;Database=shop;Username=postgres",
  "ErrorLog": { "Table": "error_log" }, "Queues": [ { "Table": "email_outbox" }, { "Table": "sync_queue" } ] } ] } }
JSON
dotnet build "$ROOT/src/Runbook.Cli" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
RUNBOOK=(dotnet "$ROOT/src/Runbook.Cli/bin/Release/net10.0/runbook.dll" health check --json --config "$WORK/runbook.json")

# The manual diagnosis from the seeds: exact counts, which read every row.
cat >"$WORK/manual.sql" <<'SQL'
SELECT status, COUNT(*) FROM sync_queue GROUP BY status;
SELECT status, COUNT(*) FROM email_outbox GROUP BY status;
SELECT level, COUNT(*) FROM error_log GROUP BY level;
SELECT COUNT(*) FROM order_items;
SELECT COUNT(*) FROM orders;
SQL

measure() { # prints "seconds max_rss_kib"
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/err.txt" || [ $? -le 2 ]
  tail -n 1 "$WORK/time.txt"
}

printf '\ndatabase: %s (%sM order_items, %sM sync_queue, %sM error_log rows)\n' "$SIZE" "$MILLIONS" "$MILLIONS" "$MILLIONS"
printf '%-44s %10s %14s\n' "run" "seconds" "max RSS (MiB)"
for run in 1 2 3; do
  read -r s m < <(measure "${RUNBOOK[@]}")
  printf '%-44s %10s %14s\n' "runbook health check (run $run)" "$s" "$((m / 1024))"
  read -r s m < <(measure "${PSQL[@]}" -d shop -f "$WORK/manual.sql")
  printf '%-44s %10s %14s\n' "psql: seed 004 manual counts (run $run)" "$s" "$((m / 1024))"
done
