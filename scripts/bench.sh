#!/usr/bin/env bash
# Runs the load and document benchmarks and prints one markdown table of their figures, then
# the side-by-side harness (scripts/bench-side.sh: orglife against the grammY peer and the
# ceiling) and its ratios.
#
#   scripts/bench.sh               full size: 500 branches × 20 members (140,000 updates), a
#                                  10,000-person reminder fan-out (~6 min at 30/s), documents,
#                                  side by side 100 users × 20 rounds, 3 repetitions
#   BENCH_QUICK=1 scripts/bench.sh small sizes (a couple of minutes)
#   BENCH_SIDE=0 scripts/bench.sh  without the side-by-side run (BENCH_SIDE=only: just that)
#
# Sizes can also be set one by one: ORGLIFE_BENCH_BRANCHES, ORGLIFE_BENCH_MEMBERS,
# ORGLIFE_BENCH_INFLIGHT (members acting at once, 0 = all), ORGLIFE_BENCH_PACED (the same for
# the paced inbound run, 200), ORGLIFE_BENCH_FANOUT,
# ORGLIFE_BENCH_FANOUT_BRANCHES. The raw `go test -bench` output is kept in BENCH_OUT
# (default: a new temporary directory), including the round-trip breakdown of one update.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-redis.sh

# side runs the side-by-side harness (its sizes smaller with BENCH_QUICK).
side() {
  if [ "${BENCH_QUICK:-0}" = 1 ]; then
    : "${USERS:=20}" "${ROUNDS:=5}" "${REPS:=1}"
  fi
  USERS=${USERS:-100} ROUNDS=${ROUNDS:-20} REPS=${REPS:-3} BENCH_OUT="$out" scripts/bench-side.sh
}

if [ "${BENCH_QUICK:-0}" = 1 ]; then
  : "${ORGLIFE_BENCH_BRANCHES:=25}" "${ORGLIFE_BENCH_FANOUT:=600}" "${BENCH_DOC_TIME:=20x}"
fi
export ORGLIFE_BENCH_BRANCHES="${ORGLIFE_BENCH_BRANCHES:-500}"
export ORGLIFE_BENCH_MEMBERS="${ORGLIFE_BENCH_MEMBERS:-20}"
export ORGLIFE_BENCH_INFLIGHT="${ORGLIFE_BENCH_INFLIGHT:-0}"
export ORGLIFE_BENCH_FANOUT="${ORGLIFE_BENCH_FANOUT:-10000}"
export ORGLIFE_BENCH_FANOUT_BRANCHES="${ORGLIFE_BENCH_FANOUT_BRANCHES:-30}"
out="${BENCH_OUT:-$(mktemp -d -t orglife-bench.XXXXXX)}"
mkdir -p "$out"
if [ "${BENCH_SIDE:-1}" = only ]; then
  side
  exit
fi

run() { # name, then the go test arguments
  local name=$1
  shift
  echo "bench: $name ..." >&2
  if ! go test -run '^$' "$@" >"$out/$name.txt" 2>&1; then
    echo "bench: $name failed; its output:" >&2
    cat "$out/$name.txt" >&2
    exit 1
  fi
}
run inbound -v -bench '^BenchmarkInboundLoad$' -benchtime=1x -timeout 60m ./app/
# The same load paced: at most ORGLIFE_BENCH_PACED members waiting for an answer at once, so
# that the latency is the bot's handling rather than time in a queue of 10,000.
ORGLIFE_BENCH_INFLIGHT="${ORGLIFE_BENCH_PACED:-200}" run paced -v -bench '^BenchmarkInboundLoad$' -benchtime=1x -timeout 60m ./app/
sed -i 's/^BenchmarkInboundLoad/BenchmarkInboundLoadPaced/' "$out/paced.txt"
run fanout -v -bench '^BenchmarkFanOutThreeInstances$' -benchtime=1x -timeout 60m ./app/
run documents -bench '^(BenchmarkCompile200Members|BenchmarkDOCX200Members|BenchmarkProblemListXLSX2000Points)$' \
  -benchtime="${BENCH_DOC_TIME:-2s}" -benchmem -timeout 10m ./report/
echo "bench: raw output in $out" >&2
sed -n '/Redis round trips of/,/^[^ ]/p' "$out/inbound.txt" | grep -v '^Benchmark' >&2 || true

# Every benchmark result line becomes "name unit=value ..."; the table is made from those.
cat "$out"/inbound.txt "$out"/paced.txt "$out"/fanout.txt "$out"/documents.txt |
  awk '/^Benchmark[^ \t]*-[0-9]+[ \t]+[0-9]+[ \t]/ {
    name = $1; sub(/-[0-9]+$/, "", name); sub(/^Benchmark/, "", name)
    line = name
    for (i = 3; i + 1 <= NF; i += 2) line = line " " $(i+1) "=" $i
    print line
  }' |
  awk -v branches="$ORGLIFE_BENCH_BRANCHES" -v members="$ORGLIFE_BENCH_MEMBERS" \
      -v fanbranches="$ORGLIFE_BENCH_FANOUT_BRANCHES" '
  function v(k) { return (k in m) ? m[k] : "?" }
  function f(x, d) { return sprintf("%." d "f", x) }
  function thousands(n,   s) { s = sprintf("%d", n); while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]([,]|$)/, ",&", s); return s }
  BEGIN {
    print "| Benchmark | Size | Figures |"
    print "|---|---|---|"
  }
  {
    delete m
    for (i = 2; i <= NF; i++) { split($i, kv, "="); m[kv[1]] = kv[2] }
    name = $1
    if (name ~ /^InboundLoad/) {
      size = branches " branches × " members " people = " thousands(branches * members) " members, " thousands(v("updates")) " updates, " (v("inflight") > 0 ? "at most " f(v("inflight"), 0) " waiting for an answer at once" : "all acting at once")
      fig = "**" f(v("updates/s"), 0) " updates/s**; latency p50 " f(v("p50-ms"), 0) " ms, p99 " f(v("p99-ms"), 0) " ms; " \
            f(v("rt/update"), 2) " Redis round trips/update (in a dialog: a typed answer " f(v("rt/text"), 0) ", a button " f(v("rt/button"), 0) "; the /point command " f(v("rt/command"), 0) ", its last answer " f(v("rt/finish"), 0) "); " \
            "RSS " f(v("rss-before-MB"), 0) " → " f(v("rss-half-MB"), 0) " (half-way) → " f(v("rss-after-MB"), 0) " MB, live heap " f(v("live-heap-before-MB"), 0) " → " f(v("live-heap-half-MB"), 0) " → " f(v("live-heap-after-MB"), 0) " MB; goroutines " f(v("goroutines-before"), 0) " → " f(v("goroutines-after"), 0) "; " f(v("warnings"), 0) " warnings logged"
    } else if (name == "FanOutThreeInstances") {
      size = thousands(v("messages")) " people in " fanbranches " branches, 3 instances, one Redis"
      fig = "**" f(v("msgs/s"), 2) " messages/s** together (most in any 1 s: " f(v("peak-msgs/1s"), 0) "); " f(v("429s"), 0) " × 429; " f(v("duplicates"), 0) " duplicates; " f(v("missing"), 0) " missed"
    } else {
      if (name == "Compile200Members") size = "report, 200 members (2,000 points, 1,000 talks): compile"
      else if (name == "DOCX200Members") size = "report, 200 members: render .docx (" f(v("KB"), 0) " KB)"
      else if (name == "ProblemListXLSX2000Points") size = "问题清单, 2,000 points: build + render .xlsx (" f(v("KB"), 0) " KB)"
      else size = ""
      fig = "**" f(v("ns/op") / 1e6, 1) " ms**; " thousands(v("allocs/op")) " allocs, " f(v("B/op") / 1048576, 1) " MB allocated per document"
    }
    row[name] = "| " name " | " size " | " fig " |"
  }
  END {
    split("InboundLoad InboundLoadPaced FanOutThreeInstances Compile200Members DOCX200Members ProblemListXLSX2000Points", order, " ")
    for (i = 1; i in order; i++) if (order[i] in row) { print row[order[i]]; delete row[order[i]] }
    for (n in row) print row[n]
  }'
if [ "${BENCH_SIDE:-1}" != 0 ]; then
  echo
  side
fi
