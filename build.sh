#!/usr/bin/env bash
# Runbook's one build script.
#   ./build.sh build   restore and build (the Functions app only where its worker packages restore)
#   ./build.sh test    install the local services the tests start (PostgreSQL, MariaDB, Azurite, an SMTP sink), build, run every test
#   ./build.sh demo    start PostgreSQL + Azurite, create a sample shop database, run the health check on it
#   ./build.sh schemas download the published schemas of azure.yaml, host.json, local.settings.json and GitHub
#                      workflows into .artifacts/schemas (only where ../shared/schemas is absent, as on GitHub)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ARTIFACTS="$ROOT/.artifacts"
TOOLS="$ROOT/.tools"
AZURITE_VERSION="3.35.0"
SMTP_SERVER_VERSION="3.21.7"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
cd "$ROOT"

log() { printf '==> %s\n' "$*" >&2; }

apt_updated=0
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    log "apt-get update"
    $SUDO apt-get update -qq >/dev/null
    apt_updated=1
  fi
  log "apt-get install $*"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

ensure_postgres() {
  if [ -z "$(pg_bindir)" ] || [ ! -x "$(pg_bindir)/initdb" ]; then apt_install postgresql postgresql-contrib; fi
  id postgres >/dev/null 2>&1 || $SUDO useradd --system --home /var/lib/postgresql --shell /bin/bash postgres
}

ensure_mariadb() {
  if ! command -v mariadbd >/dev/null 2>&1 && [ ! -x /usr/sbin/mariadbd ]; then apt_install mariadb-server; fi
}

# npm packages the tests start go into .tools/: $1 package@version, $2 the file that shows it is installed.
npm_tool() {
  if [ ! -e "$TOOLS/$2" ]; then
    command -v npm >/dev/null 2>&1 || apt_install nodejs npm
    log "npm install $1 into .tools/"
    mkdir -p "$TOOLS"
    npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error "$1" >/dev/null
  fi
}

ensure_azurite() { npm_tool "azurite@$AZURITE_VERSION" node_modules/.bin/azurite-blob; }

# The outbox tests' SMTP sink (tests/Runbook.Testing/smtp-sink.js) runs on npm smtp-server.
ensure_smtp_server() { npm_tool "smtp-server@$SMTP_SERVER_VERSION" node_modules/smtp-server/package.json; }

# The worker packages restore from nuget.org (GitHub Actions, laptops) but not from every registry mirror.
solution() {
  if dotnet restore src/Runbook.Functions/Runbook.Functions.csproj >"$ARTIFACTS/functions-restore.log" 2>&1; then
    echo "Functions.sln"
  else
    echo "Runbook.Functions skipped: its Azure Functions worker packages do not restore from this NuGet source (see .artifacts/functions-restore.log); tests/Runbook.Functions.Tests checks its sources instead." >&2
    echo "Runbook.Local.slnf"
  fi
}

cmd_build() {
  mkdir -p "$ARTIFACTS"
  local sln
  sln="$(solution)"
  log "dotnet build $sln"
  dotnet build "$sln" -c Release -nologo -clp:ErrorsOnly
}

# One closing line, summed over every test project's TRX file: "N passed, N failed".
summarize() {
  local passed=0 failed=0 skipped=0 files=0 counters n key
  while IFS= read -r -d '' trx; do
    files=$((files + 1))
    counters="$(grep -o '<Counters [^>]*' "$trx" | head -n 1)"
    for key in passed failed error timeout aborted total executed; do
      n="$(printf '%s' "$counters" | grep -o " $key=\"[0-9]*\"" | grep -o '[0-9][0-9]*' || true)"
      n="${n:-0}"
      case "$key" in
        passed) passed=$((passed + n)) ;;
        total) skipped=$((skipped + n)) ;;
        executed) skipped=$((skipped - n)) ;;
        *) failed=$((failed + n)) ;;
      esac
    done
  done < <(find "$1" -name '*.trx' -print0 2>/dev/null)
  [ "$files" -gt 0 ] || failed=$((failed + 1))
  echo "$passed passed, $failed failed, $skipped skipped"
  [ "$failed" -eq 0 ]
}

# The schema tests read ../shared/schemas beside the repository, or what `./build.sh schemas` downloaded.
SCHEMA_FILES=(
  "azure.yaml.schema.json https://raw.githubusercontent.com/Azure/azure-dev/main/schemas/v1.0/azure.yaml.json"
  "host.json.schema.json https://json.schemastore.org/host.json"
  "local.settings.schema.json https://json.schemastore.org/local.settings.json"
  "github-workflow.schema.json https://json.schemastore.org/github-workflow.json"
)

cmd_schemas() {
  if [ -d "$ROOT/../shared/schemas" ]; then log "schemas: using ../shared/schemas"; return; fi
  mkdir -p "$ARTIFACTS/schemas"
  local entry
  for entry in "${SCHEMA_FILES[@]}"; do
    set -- $entry
    log "download $2"
    curl -fsSL --retry 3 -o "$ARTIFACTS/schemas/$1" "$2"
  done
}

schemas_dir() {
  if [ -n "${RUNBOOK_SCHEMAS_DIR:-}" ]; then echo "$RUNBOOK_SCHEMAS_DIR"
  elif [ -d "$ROOT/../shared/schemas" ]; then echo "$ROOT/../shared/schemas"
  else echo "$ARTIFACTS/schemas"; fi
}

cmd_test() {
  mkdir -p "$ARTIFACTS"
  export RUNBOOK_SCHEMAS_DIR="$(schemas_dir)"
  # The servers the tests start keep their data under the temp folder (gigabytes per run); the test host stops them on
  # exit but has too little time to delete their folders. One temp folder per run, removed when the run ends.
  TMPDIR="$(mktemp -d "${TMPDIR:-/tmp}/runbook-run.XXXXXX")"
  export TMPDIR
  chmod 755 "$TMPDIR"   # the postgres user must reach its data folder inside it
  trap 'rm -rf "$TMPDIR"' EXIT
  ensure_postgres
  ensure_mariadb
  ensure_azurite
  ensure_smtp_server
  export RUNBOOK_AZURITE_BLOB="$TOOLS/node_modules/.bin/azurite-blob"
  export RUNBOOK_NODE_MODULES="$TOOLS/node_modules"
  export RUNBOOK_PG_BINDIR="$(pg_bindir)"
  local sln results status=0
  sln="$(solution)"
  results="$ARTIFACTS/test-results"
  rm -rf "$results"
  log "dotnet test $sln"
  dotnet build "$sln" -c Release -nologo -clp:ErrorsOnly
  # Where the real app was built, its functions.metadata is checked against the same catalog as the sources.
  local metadata="$ROOT/src/Runbook.Functions/bin/Release/net10.0/functions.metadata"
  if [ "$sln" = Functions.sln ] && [ -f "$metadata" ]; then export RUNBOOK_FUNCTIONS_METADATA="$metadata"; fi
  dotnet test "$sln" -c Release --no-build --logger "trx" --results-directory "$results" || status=$?
  summarize "$results" || status=1
  return "$status"
}

cmd_demo() {
  mkdir -p "$ARTIFACTS"
  ensure_postgres
  ensure_azurite
  exec "$ROOT/samples/demo.sh"
}

case "${1:-}" in
  build) cmd_build ;;
  test) cmd_test ;;
  demo) cmd_demo ;;
  schemas) cmd_schemas ;;
  *) echo "usage: ./build.sh build|test|demo|schemas" >&2; exit 64 ;;
esac
