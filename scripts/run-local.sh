#!/usr/bin/env bash
# Runs orglife on this machine with nothing from outside: the real bot, pointed at the
# project's local stand-in of the Telegram Bot API (cmd/botapi-fake), and a throwaway
# redis-server unless REDIS_URL is set. The terminal becomes a chat as user 1:
# type /start, /help, /lang; "!click English" presses a button; Ctrl-D or Ctrl-C ends.
set -euo pipefail
cd "$(dirname "$0")/.."

fake_addr=${FAKE_ADDR:-127.0.0.1:8081}
http_addr=${ORGLIFE_HTTP_ADDR:-127.0.0.1:8080}
token=123456:local-stand-in
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

go build -o "$work/orglife" ./cmd/orglife
go build -o "$work/botapi-fake" ./cmd/botapi-fake

if [ -z "${REDIS_URL:-}" ]; then
  scripts/ensure-redis.sh
  port=${REDIS_PORT:-6390}
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" \
    --logfile "$work/redis.log" &
  pids+=($!)
  REDIS_URL="redis://127.0.0.1:$port/0"
fi

# The bot retries getMe for a few seconds, so it may start before the stand-in listens.
TELEGRAM_BOT_TOKEN=$token TELEGRAM_API_ENDPOINT="http://$fake_addr/bot%s/%s" \
  REDIS_URL=$REDIS_URL ORGLIFE_HTTP_ADDR=$http_addr \
  "$work/orglife" 2>"$work/orglife.log" &
pids+=($!)
echo "orglife is starting; its log: $work/orglife.log (health: http://$http_addr/healthz)" >&2

"$work/botapi-fake" -addr "$fake_addr" -token "$token" -chat
