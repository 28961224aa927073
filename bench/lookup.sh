#!/usr/bin/env bash
# Seeds a database of N customers (default 1 000 000) into bench/out/data-N if missing, reports
# how long that took and its size, then measures case lookups against a one-row reference.
#   bench/lookup.sh [CUSTOMERS]
set -euo pipefail
cd "$(dirname "$0")/.."
customers="${1:-1000000}"
dir="bench/out/data-$customers"
swift build -c release --product collect-server >/dev/null
swift build -c release --product LookupBench >/dev/null
bin="$(swift build -c release --show-bin-path)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
if [[ ! -f "$dir/collect.sqlite" ]]; then
    mkdir -p "$dir"
    /usr/bin/time -f "seed: %e s wall, %M KiB peak RSS" "$bin/collect-server" seed --data "$dir" --customers "$customers" --seed 1 2>&1 | grep -v '^seed: [0-9]*/'
fi
"$bin/LookupBench" --data "$dir" "${@:2}"
