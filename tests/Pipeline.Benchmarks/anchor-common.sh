# What the anchor scripts share (anchor.sh, anchor-stores.sh; sourced by both): the Python pipeline's run and the summary.
ANCHOR_DIR=$(dirname "$0")

# anchor_python CSV: the Python pipeline once over the CSV, timed (its last two lines: its own line and the time).
anchor_python() {
    /usr/bin/time -f "python %e s, %M KB" /usr/bin/python3 "$ANCHOR_DIR/python/pipeline.py" "$1" 2>&1 | tail -n 2
}

# anchor_summary OUT LOG FIRST CPU_LABEL: per entry, each round's ingest and score, the means, narratives/s and CPU, from
# the LOG of /usr/bin/time lines ("name step wall user system KB"). The rows are those the entry FIRST read (a narrative
# may hold line breaks, so the file's lines are not its rows).
anchor_summary() {
    rows=$(sed -n 's/.*records read \([0-9,]*\),.*/\1/p' "$1/$3.ingest.log" | tail -n 1 | tr -d ,)
    awk -v rows="$rows" -v cpu="$4" -f "$ANCHOR_DIR/anchor-summary.awk" "$2"
}
