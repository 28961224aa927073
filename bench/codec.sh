#!/usr/bin/env bash
# Codec benchmark: encode/decode of a realistic case view, release build, median of rounds.
#   bench/codec.sh [extra CodecBench flags]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product CodecBench >/dev/null
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
"$(swift build -c release --show-bin-path)/CodecBench" "$@"
