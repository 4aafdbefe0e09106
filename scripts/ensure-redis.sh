#!/usr/bin/env bash
# Makes sure the redis-server binary is installed; the tests start their own throwaway
# servers from it. Installs Debian's package when it is missing and we may use apt-get.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "redis-server not found; installing Debian's redis-server package" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server >/dev/null
  exit 0
fi
echo "redis-server not found: install Redis 6.2 or newer (e.g. 'brew install redis' or your distribution's package)" >&2
exit 1
