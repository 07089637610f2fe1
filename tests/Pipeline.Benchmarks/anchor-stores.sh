#!/bin/sh
# Issue 11's anchor on both stores (BENCHMARKS.md, "the ninth round"): `ingest` of a complaints CSV into an empty
# store, then `score`, each command timed whole with /usr/bin/time, for builds and stores in alternating rounds;
# optionally the Python pipeline once, between the rounds. Ends with each entry's times, means and CPU (user + system).
#   [PGHOST=... PGPORT=... PGUSER=...] tests/Pipeline.Benchmarks/anchor-stores.sh CSV ROUNDS NAME=sqlite|postgres:PIPELINE_DLL [...]
#   PGHOST=127.0.0.1 PGPORT=54400 PGUSER=postgres PYTHON=1 tests/Pipeline.Benchmarks/anchor-stores.sh /tmp/bench/narratives_x20.csv 5 \
#       sqlite=sqlite:src/Cli/bin/Release/net10.0/linux-x64/pipeline.dll \
#       postgres=postgres:src/Cli/bin/Release/net10.0/linux-x64/pipeline.dll
# The PostgreSQL server is the one psql's PGHOST, PGPORT and PGUSER (and PGPASSWORD) name: one this script may create
# and drop databases on and run CHECKPOINT in (a private cluster). Run from the repository root after
# `dotnet build src/Cli -c Release`.
#
# What keeps one round from paying for another's work on PostgreSQL:
# - Every PostgreSQL entry gets a database of its own, all made before the first round and dropped after the last. A
#   DROP DATABASE between rounds deletes a thousand and more files, and ext4 then passes over the freed inodes when the
#   next round's migrations and partitions create theirs; and it forces a checkpoint.
# - For the same reason a run waits until five minutes have passed since the previous run's drops (the time is kept in
#   $DROPPED below): on this machine's file system (no journal) ext4 skips inodes freed in the last few minutes, and the
#   44 partitions took 226-290 ms instead of 81-126 ms right after a drop (BENCHMARKS.md, "the eleventh round").
# - Before every timed command: CHECKPOINT (an ingest writes about 66 MB of WAL and a score 46 MB, so otherwise a
#   checkpoint started by earlier rounds writes their pages during a later one), sync (SQLite's pages likewise), and
#   no autovacuum worker running.
# - After each PostgreSQL entry's round: VACUUM ANALYZE of its database, untimed, so that autovacuum does not analyse
#   it during a later round.
set -eu
CSV=$1
ROUNDS=$2
shift 2
PG="Host=${PGHOST:-127.0.0.1};Port=${PGPORT:-5432};Username=${PGUSER:-postgres}${PGPASSWORD:+;Password=$PGPASSWORD}"
. "$(dirname "$0")/anchor-common.sh"
OUT=$(mktemp -d /tmp/pipeline-anchor-stores-XXXXXX)
LOG="$OUT/times.log"
PREFIX="anchor_$$_"

psql_() { psql -X -q -At -d "${2:-postgres}" -c "$1"; }

quiet() {
    if [ "$USES_PG" = 1 ]; then
        psql_ "CHECKPOINT"
        while [ "$(psql_ "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")" != 0 ]; do sleep 0.5; done
    fi
    sync
}

USES_PG=0
for entry in "$@"; do
    case "${entry#*=}" in postgres:*) USES_PG=1 ;; esac
done

# The PostgreSQL databases, one per entry and round, made first and dropped at the end, also when a command fails.
MADE=0
drop_all() {
    status=$?
    if [ "$status" -ne 0 ]; then
        echo "anchor-stores.sh: a command failed (exit $status); the logs are in $OUT" >&2
    fi
    i=1
    while [ "$i" -le "$MADE" ]; do
        psql_ "DROP DATABASE IF EXISTS $PREFIX$i" || true
        i=$((i + 1))
    done
    if [ "$MADE" -gt 0 ]; then
        date +%s > "$DROPPED"
    fi
}
trap drop_all EXIT
DROPPED="${TMPDIR:-/tmp}/pipeline-anchor-stores.dropped"
if [ "$USES_PG" = 1 ] && [ -f "$DROPPED" ]; then
    wait=$(( $(cat "$DROPPED") + 300 - $(date +%s) ))
    if [ "$wait" -gt 0 ]; then
        echo "anchor-stores.sh: the previous run dropped its databases less than five minutes ago; waiting ${wait} s"
        sleep "$wait"
    fi
fi
n=0
if [ "$USES_PG" = 1 ]; then
    r=1
    while [ "$r" -le "$ROUNDS" ]; do
        for entry in "$@"; do
            case "${entry#*=}" in postgres:*) n=$((n + 1)); psql_ "CREATE DATABASE $PREFIX$n"; MADE=$n ;; esac
        done
        r=$((r + 1))
    done
fi

date
half=$(( (ROUNDS + 1) / 2 ))
n=0
r=1
while [ "$r" -le "$ROUNDS" ]; do
    for entry in "$@"; do
        name=${entry%%=*}
        rest=${entry#*=}
        kind=${rest%%:*}
        dll=${rest#*:}
        if [ "$kind" = postgres ]; then
            n=$((n + 1))
            store="postgres:$PG;Database=$PREFIX$n"
        else
            rm -f "$OUT/$name.db" "$OUT/$name.db-wal" "$OUT/$name.db-shm"
            store="sqlite:$OUT/$name.db"
        fi

        quiet
        /usr/bin/time -f "$name ingest %e %U %S %M" -a -o "$LOG" dotnet "$dll" ingest "$CSV" --store "$store" > "$OUT/$name.ingest.log" 2>&1
        quiet
        /usr/bin/time -f "$name score %e %U %S %M" -a -o "$LOG" dotnet "$dll" score --store "$store" > "$OUT/$name.score.log" 2>&1
        if [ "$kind" = postgres ]; then
            psql_ "VACUUM ANALYZE" "$PREFIX$n"
        fi
    done

    if [ "$r" -eq "$half" ] && [ "${PYTHON:-0}" = 1 ]; then
        quiet
        anchor_python "$CSV"
    fi

    r=$((r + 1))
done
date

anchor_summary "$OUT" "$LOG" "${1%%=*}" "client CPU"
echo "stores and logs in $OUT"
