#!/bin/sh
# Issue 11's scaling run (BENCHMARKS.md): generate N interactions (once per N and seed), ingest them into a store,
# score them, report one week and a 52-week range, each step timed with its peak resident memory.
#   tests/Pipeline.Benchmarks/scale.sh N STORE [CORPUS_DIR]
#   tests/Pipeline.Benchmarks/scale.sh 100000 sqlite:/tmp/b100k.db
#   tests/Pipeline.Benchmarks/scale.sh 1000000 "postgres:Host=127.0.0.1;Port=55432;Username=postgres;Database=bench"
# Run from the repository root after `dotnet build src/Cli -c Release`; the models in models/ are used (trained
# first if missing, untimed is then not true: train them before). Needs /usr/bin/time (Debian's time).
# PIPELINE_CLI overrides the command (e.g. a copy of the build, so that a long run is not disturbed by rebuilding).
set -eu
N=$1
STORE=$2
CORPUS=${3:-/tmp/pipeline-corpus-$N}
CLI=${PIPELINE_CLI:-"dotnet src/Cli/bin/Release/net10.0/linux-x64/pipeline.dll"}
OUT=$(mktemp -d /tmp/pipeline-scale-reports-XXXXXX)

if [ ! -d "$CORPUS" ]; then
    dotnet run --project tests/Pipeline.Benchmarks -c Release -- generate --count "$N" --out "$CORPUS"
fi

step() {
    name=$1
    shift
    /usr/bin/time -f "$name	%e s	%M KB" -o "$OUT/$name.time" "$@" > "$OUT/$name.log" 2>&1 || { cat "$OUT/$name.log"; exit 1; }
    tail -n 2 "$OUT/$name.log" | sed "s/^/  /"
    cat "$OUT/$name.time"
}

step ingest $CLI ingest "$CORPUS" --store "$STORE"
step score $CLI score --store "$STORE"
step report-week $CLI report --week 2024-W20 --store "$STORE" --out "$OUT/reports"
step report-52-weeks $CLI report --from 2023-W21 --to 2024-W20 --store "$STORE" --out "$OUT/reports"
echo "logs and reports in $OUT"
