#!/usr/bin/env bash
# Renders the first page of the report, the two 问题清单 (the committee's and the members') and
# the 整改台账 (the render tests' fixtures, through LibreOffice) and copies them to docs/images/
# for the README.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-libreoffice.sh
go test -count=1 -run '^(TestReportPrintsToGBT9704|TestListsPrint)$' ./report/
mkdir -p docs/images
for name in report branch-problems problems ledger; do
  cp "artifacts/documents/$name.png" "docs/images/$name.png"
done
echo "docs/images: report.png branch-problems.png problems.png ledger.png" >&2
