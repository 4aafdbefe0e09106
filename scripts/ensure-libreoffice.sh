#!/usr/bin/env bash
# Makes sure LibreOffice (headless Writer and Calc), poppler's pdftotext and CJK fonts are
# installed: the render tests (report/render_lo_test.go) turn the documents into PDF with
# soffice and read the pages back with pdftotext -bbox. Installs the packages when one is
# missing and we may use apt-get.
set -euo pipefail
if command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then
  exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "soffice or pdftotext not found; installing LibreOffice (headless), poppler-utils and fonts-noto-cjk" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-noto-cjk >/dev/null
  exit 0
fi
echo "soffice or pdftotext not found: install LibreOffice and poppler (Debian/Ubuntu: 'apt-get install libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-noto-cjk')" >&2
exit 1
