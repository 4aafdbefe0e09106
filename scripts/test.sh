#!/usr/bin/env bash
# The project's test command, the one CI runs: formatting, go vet, staticcheck, then every test with the
# race detector against real redis-server processes that the tests start themselves, and the
# sandbox page in headless chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
# Build outputs that do not depend on the checkout's path, so that a fresh clone (as CI makes
# one for every run) reuses what the build cache holds instead of compiling everything again.
export GOFLAGS="-trimpath${GOFLAGS:+ $GOFLAGS}"
scripts/ensure-redis.sh
scripts/ensure-chromium.sh
scripts/ensure-libreoffice.sh
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change:" >&2
  echo "$unformatted" >&2
  exit 1
fi
go vet ./...
# staticcheck, at a pinned version (go install builds it once into the build cache).
go install honnef.co/go/tools/cmd/staticcheck@v0.8.2
staticcheck="$(go env GOPATH)/bin/staticcheck"
"$staticcheck" ./...
# Tests that own their redis-server and fake Bot API run in parallel (t.Parallel); they spend
# most of their time waiting, so more of them run at once than there are cores.
go test -race -count=1 -parallel 8 -timeout 8m ./...
(cd sandbox/browsertest && go vet ./... && "$staticcheck" ./... && go test -race -count=1 -timeout 5m ./...)
# Fuzz every parser of user input briefly (Go runs one fuzz target per invocation), in two
# lanes of one worker each; the seed corpora in testdata/fuzz also run as ordinary tests above.
# FuzzCallbackDispatch (any callback data, and a deep link or command before it, through the
# real dispatch) and FuzzTypedAnswers (every check of a typed question) run against a
# redis-server of their own. CI's few seconds are a smoke test: whoever changes a parser or an
# oracle fuzzes that target for a minute or more before landing (README, Developing).
# Budgets are counts of executions (about 3 s each here), not durations: Go 1.26's fuzzing
# coordinator can fail a run whose -fuzztime duration ends while a busy worker is mid-call
# ("context deadline exceeded", no failing input; go.dev/issue/75804, fixed in Go 1.27).
fuzz_lane() {
  local target name pkg count
  for target in "$@"; do
    IFS=: read -r name pkg count <<<"$target"
    go test -run='^$' -fuzz="^${name}\$" -fuzztime="${count}x" -fuzzminimizetime=100x -parallel=1 "$pkg" || return 1
  done
}
lanes=$(mktemp -d)
trap 'rm -rf "$lanes"' EXIT
fuzz_lane FuzzCallbackData:./bot/:10000 FuzzCallbackDispatch:./bot/:500 FuzzTypedAnswers:./bot/:300 \
  FuzzParseTemplate:./report/:3000 FuzzFoldEscape:./ical/:50000 FuzzGuard:./polish/:20000 FuzzParseNumbered:./polish/:20000 \
  FuzzMaterialText:./report/:2000 FuzzBallotArgs:./bot/:5000 >"$lanes/a" 2>&1 &
lane_a=$!
fuzz_lane FuzzParseDate:.:80000 FuzzParseClock:.:80000 FuzzParseDayRun:.:40000 FuzzParseURL:./state/:10000 \
  FuzzParseInviteCode:./state/:25000 FuzzParseOpinionCode:./state/:25000 FuzzLoad:./configs/:500 FuzzEnv:./configs/:3000 FuzzParseCalendar:./configs/:20000 \
  FuzzClassifyCause:.:40000 FuzzSentID:./transport/:20000 FuzzSplitArray:./transport/:20000 >"$lanes/b" 2>&1 &
lane_b=$!
status=0
wait "$lane_a" || status=1
wait "$lane_b" || status=1
cat "$lanes/a" "$lanes/b"
exit "$status"
