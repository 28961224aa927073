#!/usr/bin/env bash
# Builds the decoder fuzzer and runs it.
#   fuzz/run.sh [SECONDS]        (default 600)
# The seed corpus is every vector in schema/vectors (one file per vector and type, see
# fuzz/seed.py); findings go to fuzz/out/ (crash-*, and the log). A crash found must be fixed and
# its input added to schema/vectors/invalid.json or a test.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
mkdir -p fuzz/out fuzz/corpus-work
python3 fuzz/seed.py schema/vectors fuzz/corpus-work
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name CollectFuzz \
    $(find Sources/Protocol -name '*.swift' | sort) fuzz/DecoderFuzz.swift -o fuzz/out/decoder-fuzz
fuzz/out/decoder-fuzz -max_total_time="$seconds" -max_len=4096 -rss_limit_mb=2048 \
    -artifact_prefix=fuzz/out/ -print_final_stats=1 fuzz/corpus-work 2>&1 | tee fuzz/out/fuzz.log | tail -25
