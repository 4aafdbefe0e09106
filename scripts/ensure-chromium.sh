#!/usr/bin/env bash
# Makes sure Debian's chromium (and CJK fonts for the screenshots) is installed; the
# sandbox's browser test (sandbox/browsertest/, a module of its own) drives it headless. Installs the
# packages when chromium is missing and we may use apt-get.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "chromium not found; installing Debian's chromium and fonts-noto-cjk packages" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  exit 0
fi
echo "chromium not found: install Chromium (Debian/Ubuntu: 'apt-get install chromium fonts-noto-cjk') at /usr/bin/chromium or on PATH" >&2
exit 1
