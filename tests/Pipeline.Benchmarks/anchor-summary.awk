# The anchor scripts' summary (anchor.sh, anchor-stores.sh): lines "name step wall user system KB" from /usr/bin/time
# -> per name, each round's ingest and score, the means, narratives/s, CPU (user + system) and peak memory.
#   awk -v rows=ROWS -v cpu="CPU" -f tests/Pipeline.Benchmarks/anchor-summary.awk times.log
{
    wall[$1, $2] = wall[$1, $2] sep[$1, $2] $3; sep[$1, $2] = ", "; sum[$1, $2] += $3; cpus[$1] += $4 + $5; n[$1, $2]++
    if ($6 > rss[$1, $2]) rss[$1, $2] = $6
    if (!($1 in seen)) { seen[$1] = 1; order[++names] = $1 }
}
END {
    for (b = 1; b <= names; b++) {
        k = order[b]; i = sum[k, "ingest"] / n[k, "ingest"]; s = sum[k, "score"] / n[k, "score"]
        printf "%s: ingest %s s (mean %.2f); score %s s (mean %.2f); ingest + score %.2f s, %.0f narratives/s, %s %.2f s; peak RSS %d / %d MB\n",
            k, wall[k, "ingest"], i, wall[k, "score"], s, i + s, rows / (i + s), cpu, cpus[k] / n[k, "score"], rss[k, "ingest"] / 1024, rss[k, "score"] / 1024
    }
}
