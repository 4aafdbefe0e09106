#!/usr/bin/env bash
# Profiles the bot under the side-by-side harness's load (README, Performance): builds the
# harness's driver (cmd/loadbench) and this checkout's binary, runs the /point dialog with
# USERS closed-loop users for ROUNDS rounds against the harness's Bot API stand-in and a
# redis-server with AOF, and while the timed part runs takes a CPU profile and an allocation
# profile of PROFILE_SECONDS from the bot's ops listener (http.pprof, turned on here through
# the config overlay). Then it prints where the CPU went, by kind of work
# (scripts/cpu-breakdown.awk).
#
#   scripts/profile.sh                         ../shared/bench, 100 users × 60 rounds, 20 s
#   BENCH_HARNESS=dir PROFILE_OUT=dir USERS=100 ROUNDS=60 PROFILE_SECONDS=20 scripts/profile.sh
#
# The profiles and the binary they belong to stay in PROFILE_OUT (default: a new temporary
# directory): go tool pprof -top -cum "$PROFILE_OUT/orglife" "$PROFILE_OUT/cpu.pprof".
# Needs go, curl and redis-server; the driver builds into a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
harness=$(cd "${BENCH_HARNESS:-../shared/bench}" && pwd)
users=${USERS:-100} rounds=${ROUNDS:-60} secs=${PROFILE_SECONDS:-20}
out=${PROFILE_OUT:-$(mktemp -d -t orglife-profile.XXXXXX)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
tmp=$(mktemp -d -t orglife-profile-run.XXXXXX)
driver=""
trap '[ -n "$driver" ] && kill "$driver" 2>/dev/null; rm -rf "$tmp"' EXIT

echo "profile: building the driver and the bot ..." >&2
(cd "$harness" && go build -o "$tmp/loadbench" ./cmd/loadbench)
go build -o "$out/orglife" ./cmd/orglife
# The driver runs this in place of the bot: its overlay (Telegram's limits lifted) with the
# profiler on, and the listener's address noted for the profiles.
cat >"$tmp/bot.sh" <<WRAP
#!/bin/sh
{ [ -n "\${ORGLIFE_CONFIG:-}" ] && cat "\$ORGLIFE_CONFIG"; printf 'http:\n  pprof: true\n'; } >"$tmp/overlay.yaml"
echo "\$ORGLIFE_HTTP_ADDR" >"$tmp/addr"
ORGLIFE_CONFIG="$tmp/overlay.yaml" exec "$out/orglife"
WRAP
chmod +x "$tmp/bot.sh"

spec="$harness/../telegram-bot-api-spec"
(cd "$tmp" && TGSIM_SPEC="$spec/api.json:$spec/api-5.5.json" ORGLIFE_CHECKOUT= \
  ./loadbench -name orglife -setup orglife -bot "$tmp/bot.sh" -users "$users" -rounds "$rounds" \
  >"$out/loadbench.txt" 2>&1) &
driver=$!
# The timed part starts once the setup is done and the bot has settled (under a second).
until grep -q 'orglife setup' "$out/loadbench.txt" 2>/dev/null; do
  if ! kill -0 "$driver" 2>/dev/null; then
    cat "$out/loadbench.txt" >&2
    exit 1
  fi
  sleep 0.2
done
sleep 1
addr=$(cat "$tmp/addr")
# handled: the updates the bot has handled so far, from its metrics (kept in $1).
handled() { curl -sf "http://$addr/metrics" | tee "$1" | awk '/^orglife_updates_handled_total /{printf "%d", $2}'; }
echo "profile: $secs s of CPU and allocations at $addr ..." >&2
before=$(handled "$out/metrics-before.txt")
curl -sf -o "$out/cpu.pprof" "http://$addr/debug/pprof/profile?seconds=$secs" &
cpu=$!
curl -sf -o "$out/allocs.pprof" "http://$addr/debug/pprof/allocs?seconds=$secs"
wait "$cpu"
updates=$(($(handled "$out/metrics-after.txt") - before))
echo "$updates" >"$out/updates"
wait "$driver"
driver=""
cat "$out/loadbench.txt"
if grep -q 'failed_users=[1-9]' "$out/loadbench.txt"; then
  echo "profile: users failed; the profile is not of a clean run" >&2
  exit 1
fi
echo "profile: profiles in $out; $updates updates handled while profiling" >&2
go tool pprof -traces "$out/orglife" "$out/cpu.pprof" 2>/dev/null | awk -v updates="$updates" -f "$root/scripts/cpu-breakdown.awk"
go tool pprof -sample_index=alloc_space -top "$out/orglife" "$out/allocs.pprof" 2>/dev/null |
  awk -v updates="$updates" '/^Duration:/ { v = $NF; u = v; sub(/[A-Za-z]+$/, "", v); sub(/^[0-9.]+/, "", u)
    f = (u == "GB") ? 1048576 : (u == "MB") ? 1024 : (u == "kB") ? 1 : 1/1024
    if (updates > 0) printf "Allocated: %s %s in all, %.1f kB an update\n", v, u, v * f / updates }'
