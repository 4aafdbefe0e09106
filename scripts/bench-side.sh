#!/usr/bin/env bash
# Runs the side-by-side harness (README, Performance) on this checkout and prints its figures
# and the ratios issue #17 asks for, per repetition: orglife's actions/s over the grammY
# peer's and over the ceiling's, orglife's p99 over the ceiling's, and orglife's command p50
# over its typed answer's p50.
#
#   scripts/bench-side.sh                        100 users × 20 rounds, 3 repetitions
#   BENCH_HARNESS=dir USERS=100 ROUNDS=20 REPS=3 BENCH_OUT=dir scripts/bench-side.sh
#
# The harness lives outside this repository (default ../shared/bench, whose README says what
# it needs: go, node/npm, redis-server); none of it is copied here. Its raw output is kept in
# BENCH_OUT/side-by-side.txt. Read the figures as ratios inside one repetition: the three
# bots run one after the other on the same, shared machine.
set -euo pipefail
cd "$(dirname "$0")/.."
harness=${BENCH_HARNESS:-../shared/bench}
if [ ! -x "$harness/bench.sh" ]; then
  echo "bench: no side-by-side harness at $harness (set BENCH_HARNESS to its folder)" >&2
  exit 1
fi
out="${BENCH_OUT:-$(mktemp -d -t orglife-bench.XXXXXX)}"
mkdir -p "$out"
users=${USERS:-100} rounds=${ROUNDS:-20} reps=${REPS:-3}
echo "bench: side by side, $users users × $rounds rounds, $reps repetitions ..." >&2
if ! ORGLIFE_CHECKOUT=. USERS=$users ROUNDS=$rounds REPS=$reps "$harness/bench.sh" >"$out/side-by-side.txt" 2>&1 ||
  grep -q 'failed_users=[1-9]' "$out/side-by-side.txt"; then
  echo "bench: the side-by-side run failed; its output:" >&2
  cat "$out/side-by-side.txt" >&2
  exit 1
fi
echo "bench: raw side-by-side output in $out/side-by-side.txt" >&2

# One row per repetition; durations (Go's 12.3ms, 1.2s, 950µs) are read in milliseconds.
awk -v date="$(date -u +%Y-%m-%d)" -v users="$users" -v rounds="$rounds" '
  function ms(d) {
    if (d ~ /ms$/) { sub(/ms$/, "", d); return d + 0 }
    if (d ~ /(µs|us)$/) { sub(/(µs|us)$/, "", d); return d / 1000 }
    if (d ~ /ns$/) { sub(/ns$/, "", d); return d / 1e6 }
    if (d ~ /s$/) { sub(/s$/, "", d); return d * 1000 }
    return d + 0
  }
  function field(line, key,   i, n, kv) {
    n = split(line, kv, " ")
    for (i = 1; i <= n; i++) if (index(kv[i], key "=") == 1) return substr(kv[i], length(key) + 2)
    return ""
  }
  function kindp50(line, kind,   i, n, kv) {
    n = split(line, kv, " ")
    for (i = 1; i < n; i++) if (index(kv[i], kind "=") == 1) return ms(field(kv[i + 1], "p50"))
    return 0
  }
  BEGIN {
    printf "Side by side, %s, %d users × %d rounds (ratios per action, inside each repetition):\n\n", date, users, rounds
    print "| Repetition | ceiling actions/s | peer actions/s | orglife actions/s | orglife ÷ peer (≥ 1.5) | orglife ÷ ceiling (≥ 0.8) | p99 ceiling / orglife ms | p99 orglife ÷ ceiling (≤ 1.3) | orglife p50 command / button / typed ms | command ÷ typed p50 (≤ 1.5) |"
    print "|---|---|---|---|---|---|---|---|---|---|"
  }
  /^# repetition/ { rep = $3 }
  /^bot=/ {
    name = field($0, "bot"); gsub(/"/, "", name)
    if (name != "echobot" && name != "peer") name = "orglife"
    rate[name] = field($0, "actions/s"); p99[name] = ms(field($0, "p99")); last = name
  }
  /^  by kind:/ && last == "orglife" {
    c = kindp50($0, "command"); b = kindp50($0, "button"); t = kindp50($0, "typed")
    printf "| %s | %d | %d | %d | %.2f | %.2f | %.0f / %.0f | %.2f | %.0f / %.0f / %.0f | %.2f |\n", rep, rate["echobot"], rate["peer"], rate["orglife"],
      rate["orglife"] / rate["peer"], rate["orglife"] / rate["echobot"], p99["echobot"], p99["orglife"], p99["orglife"] / p99["echobot"], c, b, t, c / t
  }
' "$out/side-by-side.txt"
