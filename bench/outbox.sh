#!/usr/bin/env bash
# Benchmark (issue 19): outbox throughput into a local SMTP sink beside the sink's raw rate, same machine, same run.
#   raw:     MailKit sends COUNT messages built in memory (the MimeMessages Runbook builds for the same rows) over 1 and
#            4 connections, no database.
#   runbook: COUNT rows seeded into the outbox of a throwaway PostgreSQL and MariaDB, then 1 and 4 processor processes
#            (bench/outbox: each an OutboxProcessor calling ProcessAsync(target, LIMIT) until a batch claims nothing, as
#            a timer host scaled out to 4 instances does) drain the queue.
# Every process first sends WARMUP messages of its own (the processors from a second outbox table), not counted, so that
# the figures are those of a host that has run before rather than of the JIT compiler.
# One sink (tests/Runbook.Testing/smtp-sink.js --count-only) serves every run and counts Message-IDs in memory. The time
# of a run is from the moment every process is started and waiting (the go file) to the last message the sink accepted;
# then every row is matched against the Message-IDs the sink received: duplicates, losses, rows not processed.
# Usage: bench/outbox.sh [COUNT [LIMIT [WARMUP [ROUNDS]]]]
#   (default 10000 messages, 500 per ProcessAsync batch, 2000 to warm up, 2 rounds of every run, interleaved)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COUNT="${1:-10000}"
LIMIT="${2:-500}"
WARMUP="${3:-2000}"
ROUNDS="${4:-2}"
WORK="$ROOT/.artifacts/bench-outbox"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
NODE_MODULES="${RUNBOOK_NODE_MODULES:-$ROOT/.tools/node_modules}"
PG_PORT=55489; MARIA_PORT=55488; SMTP_PORT=55487; STATS_PORT=55486
STATS="http://127.0.0.1:$STATS_PORT"
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for pid in ${WORKERS[@]+"${WORKERS[@]}"}; do kill "$pid" 2>/dev/null || true; done
  [ -n "${SINK_PID:-}" ] && kill "$SINK_PID" 2>/dev/null || true
  as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  [ -f "$WORK/maria/mysqld.pid" ] && kill "$(cat "$WORK/maria/mysqld.pid")" 2>/dev/null || true
  sleep 2
  rm -rf "$WORK"
}
trap cleanup EXIT

[ -d "$NODE_MODULES/smtp-server" ] || { echo "smtp-server is not installed: run ./build.sh test once first." >&2; exit 1; }
rm -rf "$WORK" && mkdir -p "$WORK/pg" "$WORK/maria" "$WORK/run"
chmod 755 "$WORK"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$WORK/pg"
as_postgres "$PG_BIN/initdb" -D "$WORK/pg/data" -U postgres --auth=trust --no-locale -E UTF8 --no-sync >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/server.log" -w -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
mariadb-install-db --no-defaults --user="$(id -un)" --datadir="$WORK/maria/data" --auth-root-authentication-method=normal --skip-test-db >/dev/null 2>&1
mariadbd --no-defaults --user="$(id -un)" --datadir="$WORK/maria/data" --port=$MARIA_PORT --bind-address=127.0.0.1 \
  --socket="$WORK/maria/mysqld.sock" --pid-file="$WORK/maria/mysqld.pid" --skip-log-bin --skip-name-resolve \
  --innodb-buffer-pool-size=256M --innodb-flush-log-at-trx-commit=0 --default-time-zone=+00:00 >"$WORK/maria/server.log" 2>&1 &
NODE_PATH="$NODE_MODULES" node "$ROOT/tests/Runbook.Testing/smtp-sink.js" --port $SMTP_PORT --count-only --stats-port $STATS_PORT >"$WORK/sink.log" 2>&1 &
SINK_PID=$!
for _ in $(seq 1 60); do [ -S "$WORK/maria/mysqld.sock" ] && break; sleep 1; done
mariadb --protocol=socket --socket="$WORK/maria/mysqld.sock" -u root \
  -e "CREATE USER 'bench'@'127.0.0.1' IDENTIFIED BY 'bench'; GRANT ALL ON *.* TO 'bench'@'127.0.0.1'; CREATE DATABASE shop;"
"$PG_BIN/psql" -h 127.0.0.1 -p $PG_PORT -U postgres -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE shop"
PG_CS="Host=127.0.0.1;Port=$PG_PORT;Database=shop;Username=postgres"
MARIA_CS="Server=127.0.0.1;Port=$MARIA_PORT;Database=shop;User ID=bench;Password=bench;SslMode=None"

dotnet build "$ROOT/src/Runbook.Cli" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
dotnet build "$ROOT/bench/outbox" -c Release -nologo -v quiet -clp:ErrorsOnly -o "$WORK/bin" >/dev/null
cat >"$WORK/runbook.json" <<JSON
{ "Runbook": {
  "Targets": [
    { "Name": "pg", "Provider": "PostgreSql", "ConnectionString": "$PG_CS", "Outbox": { "Enabled": true } },
    { "Name": "pg-warm", "Provider": "PostgreSql", "ConnectionString": "$PG_CS", "Outbox": { "Enabled": true, "Table": "runbook_outbox_warm" } },
    { "Name": "maria", "Provider": "MySql", "ConnectionString": "$MARIA_CS", "Outbox": { "Enabled": true } },
    { "Name": "maria-warm", "Provider": "MySql", "ConnectionString": "$MARIA_CS", "Outbox": { "Enabled": true, "Table": "runbook_outbox_warm" } } ],
  "Smtp": { "Host": "127.0.0.1", "Port": $SMTP_PORT, "Security": "None", "From": "Shop <shop@example.test>" } } }
JSON
dotnet "$ROOT/src/Runbook.Cli/bin/Release/net10.0/runbook.dll" --config "$WORK/runbook.json" db migrate >/dev/null
DRIVER=(dotnet "$WORK/bin/outbox-bench.dll")

# Starts "$@" once per worker (the last two arguments their ready and go files), starts the clock when all have warmed up
# and wait, waits for them; sets SECONDS_TAKEN (go to the sink's last message) and RECEIVED.
timed() {
  local workers="$1"; shift
  rm -f "$WORK/run/"*
  WORKERS=()
  for i in $(seq 1 "$workers"); do
    "$@" "$WORK/run/ready.$i" "$WORK/run/go" >"$WORK/run/worker.$i.out" 2>"$WORK/run/worker.$i.err" &
    WORKERS+=($!)
  done
  for _ in $(seq 1 1200); do [ "$(find "$WORK/run" -name 'ready.*' | wc -l)" -ge "$workers" ] && break; sleep 0.1; done
  curl -fsS -X POST "$STATS/reset" >/dev/null # the warm-up messages are not counted
  local t0; t0="$(date +%s%3N)"
  touch "$WORK/run/go"
  local failed=0
  for pid in "${WORKERS[@]}"; do wait "$pid" || failed=1; done
  WORKERS=()
  if [ "$failed" = 1 ]; then cat "$WORK/run/"worker.*.err >&2; echo "a worker failed" >&2; exit 1; fi
  read -r RECEIVED last < <(curl -fsS "$STATS/stats" | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["received"], s["lastAt"] or 0)')
  SECONDS_TAKEN="$(python3 -c "import sys; print('%.2f' % ((int(sys.argv[2]) - int(sys.argv[1])) / 1000))" "$t0" "$last")"
}

rate() { python3 -c "import sys; print('%.0f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }
percent() { python3 -c "import sys; print('%.0f%%' % (100 * float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }
max() { python3 -c "import sys; print(max(sys.argv[1:], key=float))" "$@"; }
row() { printf '%-48s %9s %8s %8s %7s %11s %7s %11s\n' "$@"; }
declare -A RAW BEST BAD RAWKEY
RUNS=()
KEYS=()

# One run of the raw sender; RAW[connections,round] is its rate.
run_raw() { # connections round
  local connections="$1" round="$2" unique duplicates r key="raw MailKit, $1 connection(s)"
  echo "round $round: $key..." >&2
  timed 1 "${DRIVER[@]}" raw $SMTP_PORT "$connections" "raw$connections-$round-" "$COUNT" "$WARMUP"
  read -r unique duplicates < <(curl -fsS "$STATS/stats" | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["unique"], s["duplicates"])')
  r="$(rate "$RECEIVED" "$SECONDS_TAKEN")"
  RAW["$connections,$round"]="$r"
  record "$key" "$round" "$RECEIVED" "$SECONDS_TAKEN" "$r" "-" "$duplicates" "$((COUNT - unique))" "-"
}

# One run of PROCESSORS processors, against the raw rate over as many connections in the same round.
run_runbook() { # engine target label processors round
  local engine="$1" target="$2" processors="$4" round="$5" cs duplicates losses strays unprocessed r key="$3, $4 processor(s)"
  echo "round $round: $key..." >&2
  cs="$([ "$engine" = pg ] && echo "$PG_CS" || echo "$MARIA_CS")"
  "${DRIVER[@]}" seed "$engine" "$cs" runbook_outbox "$target-p$processors-$round-" "$COUNT"
  "${DRIVER[@]}" seed "$engine" "$cs" runbook_outbox_warm "$target-p$processors-$round-warm-" "$((processors * WARMUP))"
  timed "$processors" "${DRIVER[@]}" process "$WORK/runbook.json" "$target" "$LIMIT" "$WARMUP"
  read -r _ _ duplicates losses strays unprocessed < <("${DRIVER[@]}" verify "$engine" "$cs" runbook_outbox "$STATS")
  r="$(rate "$RECEIVED" "$SECONDS_TAKEN")"
  record "$key" "$round" "$RECEIVED" "$SECONDS_TAKEN" "$r" "$(percent "$r" "${RAW[$processors,$round]}")" "$duplicates" "$losses" "$((strays + unprocessed))"
  RAWKEY["$key"]="raw MailKit, $processors connection(s)"
}

record() { # key round received seconds rate share duplicates losses other
  local key="$1"
  RUNS+=("$key, round $2|$3|$4|$5|$6|$7|$8|$9")
  [ -n "${BEST[$key]:-}" ] || KEYS+=("$key")
  BEST["$key"]="$(max "$5" "${BEST[$key]:-0}")"
  BAD["$key"]="$(( ${BAD[$key]:-0} + $7 + $8 + $([ "$9" = - ] && echo 0 || echo "$9") ))"
}

LOAD_BEFORE="$(uptime | sed 's/.*load average: //')"
PG_LABEL="PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}')"
MARIA_LABEL="MariaDB $(mariadbd --version | awk '{print $3}' | cut -d- -f1)"
for round in $(seq 1 "$ROUNDS"); do # interleaved, so that the others' load falls on every kind of run alike
  run_raw 1 "$round"; run_raw 4 "$round"
  run_runbook pg pg "$PG_LABEL" 1 "$round"; run_runbook pg pg "$PG_LABEL" 4 "$round"
  run_runbook mysql maria "$MARIA_LABEL" 1 "$round"; run_runbook mysql maria "$MARIA_LABEL" 4 "$round"
done

printf '\n%s messages a run (after %s per process to warm up), ProcessAsync limit %s, %s cores\n' "$COUNT" "$WARMUP" "$LIMIT" "$(nproc)"
printf 'load average before %s, after %s\n' "$LOAD_BEFORE" "$(uptime | sed 's/.*load average: //')"
row "run" "received" "seconds" "msg/s" "of raw" "duplicates" "losses" "other rows"
for line in "${RUNS[@]}"; do IFS='|' read -r -a f <<<"$line"; row "${f[@]}"; done
printf '\nbest of %s rounds\n' "$ROUNDS"
printf '%-48s %8s %7s %22s\n' "run" "msg/s" "of raw" "duplicates+losses+other"
for key in "${KEYS[@]}"; do
  share="-"; [ -n "${RAWKEY[$key]:-}" ] && share="$(percent "${BEST[$key]}" "${BEST[${RAWKEY[$key]}]}")"
  printf '%-48s %8s %7s %22s\n' "$key" "${BEST[$key]}" "$share" "${BAD[$key]}"
done
printf '"of raw": against the raw sender over as many connections as processors (same round above; best against best\n'
printf 'here). "other rows": rows left unprocessed plus Message-IDs received that match no row.\n'
