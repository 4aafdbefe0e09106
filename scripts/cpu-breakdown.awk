# Reads `go tool pprof -traces BINARY cpu.pprof` and prints where an update's CPU goes, by
# kind of work (README, Performance). Each sample goes to one kind, by its stack:
#   logging      any frame of log/slog
#   metrics      any frame of the Prometheus client
#   decoding     JSON work for the updates themselves: getUpdates' answer, the inbox
#                payload written (transport.IncomingFrom*) and read back (Pipeline.handleOne)
#   otherwise by the stack's innermost frame outside Go's standard library and runtime (its
#   "owner"):
#   redis        the Redis client and orglife/state (the inbox scripts, the reads and writes)
#   bot api      tgbotapi's calls (form encoding, HTTP, the answer's JSON) and the sender;
#                with no owner, net/http's own goroutines (connections, reading, writing)
#   messages     orglife/bot, in fmt, html, strings, strconv, unicode or tgbotapi's builders
#                (texts, HTML escaping, keyboards) below it
#   handler      the rest of orglife/bot, orglife and the pipeline
#   runtime      no owner: the collector's own workers, the scheduler, idle network polling
#   other        anything else (the cron scheduler, …)
# Allocation done for an owner (runtime.mallocgc and the GC assists it makes) counts as the
# owner's, which is where cutting allocations saves it.
function owner(f) { return f ~ /^(github\.com|golang\.org|gopkg\.in|go\.|orglife)/ }
function stdhelper(f) { return f ~ /^(fmt|html|strings|strconv|unicode|unicode\/utf8|bytes|sort|slices|maps)\./ }
function classify(   i, f, own, helper, json) {
  for (i = 1; i <= n; i++) {
    if (fr[i] ~ /^log\/slog\./) return "logging"
    if (fr[i] ~ /prometheus/) return "metrics"
  }
  for (i = 1; i <= n; i++) { # JSON whose nearest caller outside the standard library (and tgbotapi) is one of those
    f = fr[i]
    if (f ~ /^encoding\/json\./) json = 1
    if (!json || !owner(f) || (f ~ /telegram-bot-api/ && f !~ /GetUpdates/)) continue
    if (f ~ /(BotAPI\)\.GetUpdates|transport\.IncomingFrom|transport\.incoming|transport\.\(\*Pipeline\)\.handleOne)/) return "decoding"
    break
  }
  helper = 0
  for (i = 1; i <= n; i++) {
    f = fr[i]
    if (stdhelper(f)) helper = 1
    if (!owner(f)) continue
    if (f ~ /go-redis|^orglife\/state\./) return "redis"
    if (f ~ /telegram-bot-api/) {
      for (; i <= n; i++) if (fr[i] ~ /\(\*BotAPI\)/) return "bot api"
      return "messages"
    }
    if (f ~ /^orglife\/transport\.(\(\*Sender\)|\(\*Slots\)|\(\*FallbackLimiter\)|redact|classify|rateTarget|methodOf)/) return "bot api"
    if (f ~ /^orglife\/bot\./ && (helper || f ~ /[Tt]ext|[Kk]eyboard|[Bb]utton|[Ee]scape|[Hh]tml|[Ff]ormat|[Rr]ender|[Ll]abel/)) return "messages"
    if (f ~ /^orglife/) return "handler"
    return "other"
  }
  for (i = 1; i <= n; i++) if (fr[i] ~ /^net\/http\./) return "bot api"
  return "runtime"
}
function flush(   k) {
  if (n == 0) return
  k = classify()
  sum[k] += val
  total += val
  n = 0
}
function ms(v) {
  if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 }
  if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 }
  if (v ~ /ns$/) { sub(/ns$/, "", v); return v / 1e6 }
  if (v ~ /s$/) { sub(/s$/, "", v); return v * 1000 }
  return v + 0
}
/^-----------\+/ { flush(); next }
/^ *[0-9.]+(ns|us|ms|s) +[^ ]/ { flush(); val = ms($1); fr[++n] = $2; next }
n > 0 && NF == 1 { fr[++n] = $1 }
END {
  flush()
  split("Decoding the updates (JSON in and out of the inbox)|The inbox scripts and the Redis client|The handler (bot, domain rules, pipeline)|HTML escaping and message building|The HTTP calls to the Bot API (tgbotapi, net/http, the sender)|Logging|Metrics|Go runtime: the collector's workers, scheduler, network poller|Other", names, "|")
  split("decoding|redis|handler|messages|bot api|logging|metrics|runtime|other", order, "|")
  # updates (-v updates=N): how many the bot handled while the profile ran; then each kind is
  # also given in CPU microseconds an update, which compares across runs of unequal speed.
  if (updates > 0) {
    printf "| Where the CPU goes | CPU s | Share | CPU µs an update |\n|---|---|---|---|\n"
    for (i = 1; i in order; i++)
      printf "| %s | %.2f | %.1f %% | %.0f |\n", names[i], sum[order[i]] / 1000, total ? 100 * sum[order[i]] / total : 0, 1000 * sum[order[i]] / updates
    printf "| Total sampled (%d updates) | %.2f | 100 %% | %.0f |\n", updates, total / 1000, 1000 * total / updates
  } else {
    printf "| Where the CPU goes | CPU s | Share |\n|---|---|---|\n"
    for (i = 1; i in order; i++)
      printf "| %s | %.2f | %.1f %% |\n", names[i], sum[order[i]] / 1000, total ? 100 * sum[order[i]] / total : 0
    printf "| Total sampled | %.2f | 100 %% |\n", total / 1000
  }
}
