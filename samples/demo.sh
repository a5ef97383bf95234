#!/usr/bin/env bash
# The demo behind `./build.sh demo`: a throwaway PostgreSQL and Azurite under .artifacts/demo, the sample shop
# database, then `runbook health check` on it. Everything is stopped again on exit; the reports are saved
# to .artifacts/demo/ so they can be opened after the services are gone.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEMO="$ROOT/.artifacts/demo"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
AZURITE="$ROOT/.tools/node_modules/.bin/azurite-blob"
log() { printf '==> %s\n' "$*" >&2; }

free_port() {
  local port=$1
  while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

cleanup() {
  [ -f "$DEMO/pg/data/postmaster.pid" ] && as_postgres "$PG_BIN/pg_ctl" -D "$DEMO/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  [ -n "${AZURITE_PID:-}" ] && kill "$AZURITE_PID" 2>/dev/null || true
}
trap cleanup EXIT

rm -rf "$DEMO"
mkdir -p "$DEMO/pg" "$DEMO/azurite"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$DEMO/pg"

PG_PORT="$(free_port 55432)"
log "PostgreSQL on 127.0.0.1:$PG_PORT"
as_postgres "$PG_BIN/initdb" -D "$DEMO/pg/data" -U postgres --auth=trust -E UTF8 --no-locale --no-sync >"$DEMO/initdb.log"
as_postgres "$PG_BIN/pg_ctl" -D "$DEMO/pg/data" -l "$DEMO/pg/server.log" -w \
  -o "-p $PG_PORT -k $DEMO/pg -c listen_addresses=127.0.0.1 -c shared_preload_libraries=pg_stat_statements" start >/dev/null

BLOB_PORT="$(free_port 10000)"
log "Azurite (Blob) on 127.0.0.1:$BLOB_PORT"
"$AZURITE" --blobHost 127.0.0.1 --blobPort "$BLOB_PORT" --location "$DEMO/azurite" --skipApiVersionCheck --disableTelemetry --silent --loose >"$DEMO/azurite.log" 2>&1 &
AZURITE_PID=$!
for _ in $(seq 1 100); do (echo >"/dev/tcp/127.0.0.1/$BLOB_PORT") 2>/dev/null && break; sleep 0.1; done

log "creating the sample shop database (samples/shop/postgresql.sql)"
PSQL=("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q)
"${PSQL[@]}" -d postgres -c "CREATE DATABASE shop" >/dev/null
"${PSQL[@]}" -d shop -c "CREATE EXTENSION pg_stat_statements" >/dev/null
"${PSQL[@]}" -d shop -f "$ROOT/samples/shop/postgresql.sql" >/dev/null

cat >"$DEMO/runbook.json" <<JSON
{
  "Runbook": {
    "Storage": {
      "ConnectionString": "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$BLOB_PORT/devstoreaccount1;"
    },
    "Targets": [
      {
        "Name": "shop",
        "Provider": "PostgreSql",
        "ConnectionString": "Host=127.0.0.1;Port=$PG_PORT;Database=shop;Username=postgres",
        "ErrorLog": { "Table": "error_log" },
        "Queues": [ { "Table": "email_outbox" }, { "Table": "sync_queue" } ]
      }
    ]
  }
}
JSON

log "building the runbook command"
dotnet build "$ROOT/src/Runbook.Cli" -c Release -nologo -clp:ErrorsOnly -v quiet >/dev/null
RUNBOOK=(dotnet "$ROOT/src/Runbook.Cli/bin/Release/net10.0/runbook.dll" --config "$DEMO/runbook.json")

log "runbook health check --config .artifacts/demo/runbook.json"
status=0
"${RUNBOOK[@]}" health check || status=$?
case "$status" in
  0) log "health check: Normal (exit 0)" ;;
  1) log "health check: Warning (exit 1): the sample shop has errors in its log and stuck e-mails, on purpose" ;;
  2) log "health check: Critical (exit 2)" ;;
  *) log "health check failed (exit $status)"; exit "$status" ;;
esac

"${RUNBOOK[@]}" health show --target shop --format html --out "$DEMO/shop.html" >/dev/null
"${RUNBOOK[@]}" health show --target shop --format json --out "$DEMO/shop.json" >/dev/null
echo
echo "The report is in Blob Storage (Azurite) at reports/daily/$(date -u +%Y/%m/%d)/shop.{json,html},"
echo "saved for reading after the demo at:"
echo "  $DEMO/shop.html"
echo "  $DEMO/shop.json"
