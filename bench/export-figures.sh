#!/usr/bin/env bash
# Figures for votes export (docs/SCALING.md): export time, peak RSS and Parquet size per layout, and the outlier query
# over the exported weekly_counts.parquet against the same query over the exported rows. JVM runner only.
#
#   bench/export-figures.sh [RUNS] [WAREHOUSE...]     default 5 runs; default warehouse: the bundled real dataset,
#                                                     loaded into a temporary one. A warehouse of N generated rows:
#   votes generate --rows 10000000 --bad 0 --out /tmp/v.jsonl && votes ingest --db /tmp/w10m.db /tmp/v.jsonl
#
# Export: wall time and peak RSS of the whole process (GNU time; JVM start included), and the export's own "seconds"
# (warehouse open to files in place). Each run replaces the previous run's export (the re-export case). Outlier
# queries: the statement's own time in a fresh in-memory DuckDB per run (bench/bare/BareJdbc.java, BARE_TIMING):
#   weekly_counts.parquet  bench/sql/outliers_over_weekly_counts.sql
#   rows, view's SQL       bench/sql/export_rows_as_votes.sql + the tool's outlier_weeks/create_outlier_weeks_view
#                          (bench/sql-text: its fragments included) over weekly_vote_counts as a view that counts
#                          the rows by the tool's week (outlier_weeks/week_keys.sql per vote)
#   rows, hive keys        bench/sql/outliers_over_partition_keys.sql (year,week layout)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
shift || true
java_home=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java_bin=$java_home/bin/java
jar=$PWD/target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || { echo "export-figures: build first: ./mvnw package -DskipTests" >&2; exit 2; }
duckdb_jar=$(ls "$PWD"/target/quarkus-app/lib/main/org.duckdb.duckdb_jdbc-*.jar | head -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$java_home/bin/javac" --release 21 -d "$work/bare" bench/bare/BareJdbc.java
bare=("$java_bin" --enable-native-access=ALL-UNNAMED -cp "$duckdb_jar:$work/bare" BareJdbc)
# The view reads blog_analysis.weekly_vote_counts: over the rows, that is the view's week (week_keys.sql) per vote.
{ cat bench/sql/export_rows_as_votes.sql
  printf 'CREATE VIEW blog_analysis.weekly_vote_counts AS\nSELECT\n'; bench/sql-text outlier_weeks/week_keys
  printf ',\n       count(*) AS VoteCount\nFROM blog_analysis.votes\nGROUP BY ALL\n;\n'
  bench/sql-text outlier_weeks/create_outlier_weeks_view; printf '\n;\n'
  echo 'SELECT count(*) AS outlier_weeks FROM blog_analysis.outlier_weeks'; } > "$work/outliers_over_rows.sql"

warehouses=("$@")
if [ ${#warehouses[@]} -eq 0 ]; then
    "$java_bin" -jar "$jar" ingest --db "$work/real.db" data/votes.jsonl.gz 2>/dev/null
    warehouses=("$work/real.db")
fi

stats() { sort -n | awk '{a[NR]=$1} END {printf "%.3f / %.3f / %.3f", a[1], a[int((NR+1)/2)], a[NR]}'; }

# query LABEL SQLFILE ARG: the last statement's time, $runs runs; checks every run finds the same number of weeks.
query() {
    local label=$1 sql=$2 arg=$3 times=() answers=()
    for _ in $(seq "$runs"); do
        BARE_TIMING=1 "${bare[@]}" :memory: "$sql" "$arg" >"$work/answer" 2>"$work/timing"
        times+=("$(tail -1 "$work/timing" | awk '{print $1}')")
        answers+=("$(cat "$work/answer")")
    done
    printf '| %s | outliers over %s | %s s | %s outlier weeks |\n' "$name" "$label" \
        "$(printf '%s\n' "${times[@]}" | stats)" "$(printf '%s\n' "${answers[@]}" | sort -u | tr '\n' ' ')"
}

echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $("$java_bin" -version 2>&1 | head -1); runs: $runs; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| warehouse | case | min / median / max | detail |"
echo "|---|---|---|---|"
for db in "${warehouses[@]}"; do
    rows=$("${bare[@]}" "$db" <(echo 'SELECT count(*) FROM blog_analysis.votes') 2>/dev/null)
    name="$(basename "$db") ($rows rows, $(du -m "$db" | cut -f1) MB)"
    for layout in year year,week; do
        out="$work/export-${layout/,/-}"
        walls=() rss=() seconds=()
        for _ in $(seq "$runs"); do
            /usr/bin/time -f '%e %M' -o "$work/time" "$java_bin" -jar "$jar" export --db "$db" --to "$out" \
                --partition-by "$layout" --format json >"$work/summary" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
            read -r wall kb < "$work/time"
            walls+=("$wall"); rss+=("$((kb / 1024))")
            seconds+=("$(grep '"seconds"' "$work/summary" | tr -dc '0-9.')")
        done
        summary=$(tr -d ' \n' < "$work/summary")
        bytes=$(echo "$summary" | grep -o '"bytes":[0-9]*' | cut -d: -f2)
        files=$(echo "$summary" | grep -o '"files":[0-9]*' | cut -d: -f2)
        printf '| %s | export --partition-by %s: process wall | %s s | peak RSS %s MB; %s Parquet files under votes/, %s MB in all |\n' \
            "$name" "$layout" "$(printf '%s\n' "${walls[@]}" | stats)" "$(printf '%s\n' "${rss[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" \
            "$files" "$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1e6}')"
        printf '| %s | export --partition-by %s: the export itself | %s s | warehouse open to files in place |\n' \
            "$name" "$layout" "$(printf '%s\n' "${seconds[@]}" | stats)"
    done
    query "weekly_counts.parquet" bench/sql/outliers_over_weekly_counts.sql "$work/export-year-week/weekly_counts.parquet"
    query "the exported rows (the view's SQL, strftime)" "$work/outliers_over_rows.sql" "$work/export-year-week/votes/**/*.parquet"
    query "the exported rows (weeks from the hive paths)" bench/sql/outliers_over_partition_keys.sql "$work/export-year-week/votes/**/*.parquet"
done
echo
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
