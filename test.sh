#!/usr/bin/env bash
# The README's test command: installs and starts what the tests need, builds, runs every test,
# and ends with one line "N passed, N failed" counted from the TRX file.
#   - PostgreSQL: Debian's package (apt-get if missing), a private throw-away cluster on a loopback
#     port, run as the postgres user (never root), trust auth, fsync off.
#   - Chromium: Debian's package (apt-get if missing), for the report's browser test (headless).
# Exit code: non-zero when a test failed, the build failed, or (with CI=true) PostgreSQL could not start.
set -uo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
RESULTS="$ROOT/artifacts/test-results"
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
CI=${CI:-false}

log() { echo "test.sh: $*" >&2; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

ensure_postgres() {
  if [ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ]; then return 0; fi
  if [ "$(id -u)" -ne 0 ]; then log "PostgreSQL is not installed and this user cannot apt-get install it"; return 1; fi
  log "installing PostgreSQL (Debian package postgresql)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq postgresql >/dev/null || return 1
  # The package may start a system cluster of its own; the tests use a private one.
  [ -n "$(pg_bin)" ]
}

PG_DIR=""
PG_USER=""
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  local port
  for port in $(seq 54329 54429); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

start_postgres() {
  ensure_postgres || return 1
  local bin port
  bin=$(pg_bin)
  port=$(free_port) || { log "no free loopback port for PostgreSQL"; return 1; }
  PG_DIR=$(mktemp -d /tmp/pipeline-pg.XXXXXX)
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$PG_DIR"; chmod 700 "$PG_DIR"; fi
  as_pg "$bin/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$RESULTS/initdb.log" 2>&1 \
    || { log "initdb failed (see $RESULTS/initdb.log)"; return 1; }
  as_pg "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >"$RESULTS/pg_ctl.log" 2>&1 \
    || { log "pg_ctl start failed:"; cat "$PG_DIR/server.log" >&2 2>/dev/null; return 1; }
  export PIPELINE_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  log "PostgreSQL $(basename "$(dirname "$bin")") on 127.0.0.1:$port"
}

stop_postgres() {
  if [ -n "$PG_DIR" ] && [ -d "$PG_DIR/data" ]; then
    as_pg "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
trap stop_postgres EXIT

ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return 0; fi
  if [ "$(id -u)" -ne 0 ]; then log "Chromium is not installed and this user cannot apt-get install it"; return 1; fi
  log "installing Chromium (Debian package chromium)"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null; }; } || return 1
  [ -x /usr/bin/chromium ]
}

if ! ensure_chromium; then
  log "Chromium could not be installed: the browser tests will be ignored (they fail under CI=true)."
fi

# Notebooks: Jupyter from Debian's packages, and the .NET Interactive kernel as a dotnet tool in artifacts/tools
# (the version nuget.tsv lists), registered for this user. The notebook tests find both on PATH.
NOTEBOOK_TOOLS="$ROOT/artifacts/tools"
ensure_jupyter() {
  if ! command -v jupyter-nbconvert >/dev/null 2>&1 || ! /usr/bin/python3 -c "import ipykernel" >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then log "Jupyter is not installed and this user cannot apt-get install it"; return 1; fi
    log "installing Jupyter (Debian packages jupyter-nbconvert, python3-ipykernel)"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get install -y -qq jupyter-nbconvert python3-ipykernel >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null && apt-get install -y -qq jupyter-nbconvert python3-ipykernel >/dev/null; }; } || return 1
  fi
  if [ ! -x "$NOTEBOOK_TOOLS/dotnet-interactive" ]; then
    log "installing the .NET Interactive kernel (dotnet tool Microsoft.dotnet-interactive 1.0.712001) into artifacts/tools"
    dotnet tool install --tool-path "$NOTEBOOK_TOOLS" Microsoft.dotnet-interactive --version 1.0.712001 >/dev/null || return 1
  fi
  export PATH="$PATH:$NOTEBOOK_TOOLS"
  # dotnet-interactive registers its kernels through `jupyter kernelspec` where Debian's jupyter-client provides it,
  # else by copying them into the user's kernels folder, which it does not create (a fresh machine has none).
  local kernels="${JUPYTER_DATA_DIR:-$HOME/.local/share/jupyter}/kernels"
  mkdir -p "$kernels"
  [ -d "$kernels/.net-csharp" ] || jupyter kernelspec list 2>/dev/null | grep -q '\.net-csharp' \
    || dotnet-interactive jupyter install >/dev/null 2>&1 || return 1
  [ -d "$kernels/.net-csharp" ] || jupyter kernelspec list 2>/dev/null | grep -q '\.net-csharp' || { log "the .NET Interactive kernel was not registered"; return 1; }
}

if ! ensure_jupyter; then
  log "Jupyter or the .NET Interactive kernel could not be installed: the notebook tests will be ignored (they fail under CI=true)."
fi

if ! start_postgres; then
  if [ "$CI" = "true" ]; then
    log "PostgreSQL could not be started, and CI=true: the PostgreSQL tests must run."
    echo "0 passed, 1 failed"
    exit 1
  fi
  log "PostgreSQL could not be started: its tests will be ignored (they fail under CI=true)."
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if ! dotnet build Pipeline.sln -c Release -nologo -clp:ErrorsOnly >"$RESULTS/build.log" 2>&1; then
  cat "$RESULTS/build.log" >&2
  log "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test Pipeline.sln -c Release --no-build --logger "trx;LogFileName=results.trx" --results-directory "$RESULTS" -- NUnit.ConsoleOut=0 2>&1 \
  | grep -vE '^\s*$' | tee "$RESULTS/test.log" >&2
test_status=${PIPESTATUS[0]}

# The failures again, each with its message, just above the last line: a log cut to its tail still says what failed.
failures() {
  awk '
    /^[[:space:]]+Failed [^!]/ { shown++; keep = (shown <= 20); lines = 0; if (keep) print "test.sh: " $0; next }
    /^[[:space:]]+(Stack Trace|Standard Output Messages|Standard Error Messages):/ { keep = 0; next }
    keep && lines < 8 { print "test.sh:   " $0; lines++ }
    END { if (shown > 20) print "test.sh: ... and " shown - 20 " more failures (" FILENAME ")" }
  ' "$RESULTS/test.log" >&2
}

trx=$(find "$RESULTS" -name '*.trx' | head -n 1)
if [ -z "$trx" ]; then
  log "no TRX file: the test run did not start"
  echo "0 passed, 1 failed"
  exit 1
fi
counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
count() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
passed=$(count passed); failed=$(count failed); total=$(count total); executed=$(count executed)
errors=$(count error)
failed=$(( ${failed:-0} + ${errors:-0} ))
skipped=$(( ${total:-0} - ${executed:-0} ))
if [ "$failed" -ne 0 ]; then failures; fi
echo "${passed:-0} passed, ${failed} failed, ${skipped} skipped"
if [ "$test_status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "${passed:-0}" -eq 0 ]; then exit 1; fi
