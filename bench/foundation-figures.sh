#!/usr/bin/env bash
# Start-up and end-to-end figures of the built artifacts: `--help`, and ingest + outliers on the bundled real dataset
# into a fresh warehouse, for the native binary and the JVM runner. Wall time and peak RSS from GNU time, N runs each;
# prints min / median / max. (The full A/B harness against bare JDBC is issue 3's bench.)
#   bench/foundation-figures.sh [RUNS]     (needs target/*-runner and target/quarkus-app/quarkus-run.jar)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
java_bin=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
native=$(ls target/*-runner 2>/dev/null | head -1 || true)
jar=target/quarkus-app/quarkus-run.jar
dataset=$PWD/data/votes.jsonl.gz
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# measure LABEL COMMAND...: runs the command $runs times, each with a fresh warehouse; prints wall and RSS stats.
measure() {
    local label=$1; shift
    local walls=() rss=()
    for _ in $(seq "$runs"); do
        rm -f "$work/w.db" "$work/w.db.wal"
        /usr/bin/time -f '%e %M' -o "$work/time" bash -c "$*" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
        read -r wall kb < "$work/time"
        walls+=("$wall"); rss+=("$kb")
    done
    printf '%-40s wall s min/med/max %s   peak RSS MB min/med/max %s\n' "$label" \
        "$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.3f / %.3f / %.3f", a[1], a[int((NR+1)/2)], a[NR]}')" \
        "$(printf '%s\n' "${rss[@]}" | sort -n | awk '{a[NR]=$1/1024} END {printf "%.0f / %.0f / %.0f", a[1], a[int((NR+1)/2)], a[NR]}')"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $("$java_bin" -version 2>&1 | head -1); runs: $runs"
[ -n "$native" ] && echo "native binary: $native, $(du -m "$native" | cut -f1) MB"
if [ -n "$native" ]; then
    measure "native --help" "$native --help"
    measure "native ingest + outliers (real dataset)" \
        "$native ingest --db $work/w.db $dataset && $native outliers --db $work/w.db"
fi
if [ -f "$jar" ]; then
    measure "JVM --help" "$java_bin -jar $jar --help"
    measure "JVM ingest + outliers (real dataset)" \
        "$java_bin -jar $jar ingest --db $work/w.db $dataset && $java_bin -jar $jar outliers --db $work/w.db"
fi
