#!/usr/bin/env bash
# Builds one payment-file parser's fuzzer and runs it.
#   fuzz/run-payment-files.sh bgmax|ocrgiro|bs [SECONDS]     (default 600)
# The seed corpus is that format's fixtures in Tests/PaymentFilesTests/Fixtures (golden, trimmed and
# broken files); findings go to fuzz/out/payment-FORMAT/ (crash-*, and the log). A crash found must
# be fixed and its input added to the fixtures with a test.
set -euo pipefail
cd "$(dirname "$0")/.."
format="${1:?bgmax, ocrgiro or bs}"
seconds="${2:-600}"
case "$format" in
    bgmax) flag=FUZZ_BGMAX; seeds="bgmax-*" ;;
    ocrgiro) flag=FUZZ_OCRGIRO; seeds="ocrgiro-*" ;;
    bs) flag=FUZZ_BS; seeds="bs0602-*" ;;
    *) echo "format is bgmax, ocrgiro or bs" >&2; exit 2 ;;
esac
out="fuzz/out/payment-$format"
mkdir -p "$out/src" "$out/corpus"
# One module: Domain and PaymentFiles together, so their `import Domain` lines go.
for file in Sources/Domain/*.swift Sources/PaymentFiles/*.swift; do
    sed '/^import Domain$/d' "$file" > "$out/src/$(basename "$(dirname "$file")")-$(basename "$file")"
done
cp Tests/PaymentFilesTests/Fixtures/$seeds "$out/corpus/"
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name CollectFuzz -D "$flag" \
    "$out"/src/*.swift fuzz/PaymentFileFuzz.swift -o "$out/fuzz"
"$out/fuzz" -max_total_time="$seconds" -max_len=8192 -rss_limit_mb=2048 \
    -artifact_prefix="$out/" -print_final_stats=1 "$out/corpus" 2>&1 | tee "$out/fuzz.log" | tail -25
