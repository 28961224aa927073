#!/usr/bin/env bash
# Strategy evaluation: cases per second for the golden SE/NO/DK strategies over generated case
# facts, beside a bare loop over the same facts in the same run (release build, median of rounds).
#   bench/strategy-eval.sh [CASES] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
cases="${1:-1000000}"
rounds="${2:-5}"
swift build -c release --product StrategyBench >/dev/null
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load $(cut -d' ' -f1-3 /proc/loadavg)"
fixtures=Tests/AutomationTests/Fixtures
"$(swift build -c release --show-bin-path)/StrategyBench" --cases "$cases" --rounds "$rounds" \
    --strategy "$fixtures/se-standard.yaml" --strategy "$fixtures/no-standard.yaml" --strategy "$fixtures/dk-standard.yaml"
