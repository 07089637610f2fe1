#!/bin/sh
# Issue 11's anchor (BENCHMARKS.md): `ingest` of a complaints CSV into a fresh SQLite store, then `score`, each command
# timed whole (process start and model loading included) with /usr/bin/time, for one or more builds of the CLI in
# alternating rounds, so that the machine's drift falls on every build alike; optionally the Python pipeline once,
# between the rounds. Ends with each build's mean and its CPU (user + system), and, with two or more builds, whether
# the later builds stored the same interactions and scores as the first (compared row by row in SQL; needs sqlite3).
#   tests/Pipeline.Benchmarks/anchor.sh CSV ROUNDS NAME=PIPELINE_DLL [NAME=PIPELINE_DLL ...]
#   PYTHON=1 tests/Pipeline.Benchmarks/anchor.sh /tmp/bench/narratives_x20.csv 5 \
#       before=/tmp/old/src/Cli/bin/Release/net10.0/linux-x64/pipeline.dll \
#       after=src/Cli/bin/Release/net10.0/linux-x64/pipeline.dll
# Run from the repository root (the CLI finds its models and lexicons there) after `dotnet build src/Cli -c Release`.
set -eu
CSV=$1
ROUNDS=$2
shift 2
. "$(dirname "$0")/anchor-common.sh"
OUT=$(mktemp -d /tmp/pipeline-anchor-XXXXXX)
LOG="$OUT/times.log"

round() {
    for build in "$@"; do
        name=${build%%=*}
        dll=${build#*=}
        rm -f "$OUT/$name.db" "$OUT/$name.db-wal" "$OUT/$name.db-shm"
        /usr/bin/time -f "$name ingest %e %U %S %M" -a -o "$LOG" dotnet "$dll" ingest "$CSV" --store "sqlite:$OUT/$name.db" > "$OUT/$name.ingest.log" 2>&1
        /usr/bin/time -f "$name score %e %U %S %M" -a -o "$LOG" dotnet "$dll" score --store "sqlite:$OUT/$name.db" > "$OUT/$name.score.log" 2>&1
    done
}

date
half=$(( (ROUNDS + 1) / 2 ))
r=1
while [ "$r" -le "$ROUNDS" ]; do
    round "$@"
    if [ "$r" -eq "$half" ] && [ "${PYTHON:-0}" = 1 ]; then
        anchor_python "$CSV"
    fi
    r=$((r + 1))
done
date

first=${1%%=*}
anchor_summary "$OUT" "$LOG" "$first" "CPU"

shift
for build in "$@"; do
    name=${build%%=*}
    sqlite3 "$OUT/$name.db" "ATTACH '$OUT/$first.db' AS o;
        SELECT '$name against $first: ' || count(*) || ' scores, ' ||
            sum(a.sentiment_class = b.sentiment_class AND a.sentiment_score = b.sentiment_score AND a.p_negative = b.p_negative AND a.p_neutral = b.p_neutral AND a.p_positive = b.p_positive) || ' same sentiment, ' ||
            sum(a.anger_level = b.anger_level AND a.anger_score = b.anger_score AND a.anger_explanation = b.anger_explanation AND a.anger_categories = b.anger_categories) || ' same anger, ' ||
            sum(a.topic_id IS b.topic_id AND a.topic_weight IS b.topic_weight AND a.topic_distribution = b.topic_distribution) || ' same topics'
        FROM scores a JOIN o.scores b ON a.interaction_id = b.interaction_id;
        SELECT '$name against $first: ' || count(*) || ' interactions, ' ||
            sum(a.text IS b.text AND a.language IS b.language AND a.metadata IS b.metadata AND a.customer_key IS b.customer_key AND a.received_at_utc IS b.received_at_utc AND a.product IS b.product AND a.company IS b.company) || ' the same'
        FROM interactions a JOIN o.interactions b ON a.id = b.id;"
done
echo "stores and logs in $OUT"
