#!/usr/bin/env bash
# "No worse than before", measured in one run: this checkout's release build (or commit NEW's)
# against the release build of an earlier commit REF, alternating ROUNDS times (default 3):
#   1. in-process look-ups on CUSTOMERS customers (default 1 000 000): LookupBench's case snapshot
#      and GetCase medians, each build on a book it seeded itself (same seed, same rows), so that a
#      build whose migrations or page size differ reads a book made as it would make one:
#      bench/out/data-N by REF's build (when missing), bench/out/data-N-this by the measured
#      build (again whenever its collect-server is newer than that book);
#   2. durable record-payment over TLS (bench/durable-server.sh: 20 000 customers, 256 streams,
#      5 s), requests per second and bytes written per stored payment.
# Prints each round and the medians of the ratios this ÷ REF (look-up time: below 1 is faster;
# payments per second: above 1 is faster; bytes: below 1 is fewer).
#   bench/builds.sh REF [ROUNDS] [CUSTOMERS] [NEW]
set -euo pipefail
cd "$(dirname "$0")/.."
ref="${1:?usage: bench/builds.sh REF [ROUNDS] [CUSTOMERS] [NEW]}"
rounds="${2:-3}"
customers="${3:-1000000}"
new="${4:-}"
sha=$(git rev-parse --short "$ref")
old="bench/out/ref-$sha"
if [[ ! -d "$old" ]]; then git worktree add --detach "$old" "$sha" >/dev/null; fi
(cd "$old" && swift build -c release --product collect-server >/dev/null && swift build -c release --product LookupBench >/dev/null)
old_bin="$(cd "$old" && swift build -c release --show-bin-path)"
this="."
if [[ -n "$new" ]]; then
    this="bench/out/ref-$(git rev-parse --short "$new")"
    if [[ ! -d "$this" ]]; then git worktree add --detach "$this" "$new" >/dev/null; fi
fi
(cd "$this" && swift build -c release --product collect-server >/dev/null && swift build -c release --product collectctl >/dev/null \
    && swift build -c release --product LookupBench >/dev/null)
new_bin="$(cd "$this" && swift build -c release --show-bin-path)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "this: $(cd "$this" && git rev-parse --short HEAD)$(cd "$this" && git diff --quiet || echo '+changes')   ref: $sha"
seed() {  # BIN DATA
    rm -rf "$2"; mkdir -p "$2"
    "$1/collect-server" seed --data "$2" --customers "$customers" --seed 1 2>&1 | grep -v '^seed: [0-9]*/' || true
}
data="bench/out/data-$customers"
this_data="bench/out/data-$customers-this"
[[ -f "$data/collect.sqlite" ]] || seed "$old_bin" "$data"
[[ -f "$this_data/collect.sqlite" && ! "$new_bin/collect-server" -nt "$this_data/collect.sqlite" ]] || seed "$new_bin" "$this_data"
page_size() { sqlite3 -readonly "$1/collect.sqlite" "PRAGMA page_size"; }
echo "books: $data (page size $(page_size "$data")), $this_data (page size $(page_size "$this_data"))"
DURABLE_BIN=$new_bin
. bench/durable-server.sh
trap durable_stop EXIT
: > bench/out/builds-rounds.txt
lookup() {  # BIN DATA → "snapshot_us getcase_us"
    "$1/LookupBench" --data "$2" --lookups 20000 --rounds 1 |
        awk '/^case snapshot:/ {s=$4} /^GetCase \(service\):/ {g=$4} END {print s, g}'
}
payments() {  # SERVER → "rps bytes_per_payment"
    durable_start bench/out/builds-durable "$1"
    local json
    json=$(durable_payments 5)
    durable_stop
    python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["requests_per_second"], d["bytes_per_payment"] or 0, d["errors"])' "$json"
}
for round in $(seq "$rounds"); do
    # Odd rounds measure REF first, even rounds this build first: whatever the one before leaves
    # behind (dirty pages being written back, a warm cache) falls on each side alike.
    if (( round % 2 == 1 )); then
        read -r old_snap old_get < <(lookup "$old_bin" "$data")
        read -r new_snap new_get < <(lookup "$new_bin" "$this_data")
        read -r old_rps old_bytes old_errors < <(payments "$old_bin/collect-server")
        read -r new_rps new_bytes new_errors < <(payments "$new_bin/collect-server")
    else
        read -r new_snap new_get < <(lookup "$new_bin" "$this_data")
        read -r old_snap old_get < <(lookup "$old_bin" "$data")
        read -r new_rps new_bytes new_errors < <(payments "$new_bin/collect-server")
        read -r old_rps old_bytes old_errors < <(payments "$old_bin/collect-server")
    fi
    echo "$old_snap $new_snap $old_get $new_get $old_rps $new_rps $old_bytes $new_bytes $old_errors $new_errors" >> bench/out/builds-rounds.txt
    echo "round $round: snapshot $old_snap → $new_snap µs, GetCase $old_get → $new_get µs, record-payment $old_rps → $new_rps /s" \
         "(errors $old_errors, $new_errors), bytes/payment $old_bytes → $new_bytes"
done
python3 - bench/out/builds-rounds.txt "$sha" <<'PY'
import json, statistics, sys
rows = [list(map(float, line.split())) for line in open(sys.argv[1]) if line.strip()]
ratio = lambda a, b: statistics.median(r[b] / r[a] for r in rows if r[a])
result = {"script": "builds.sh", "ref": sys.argv[2], "rounds": len(rows),
          "snapshot_time_ratio": round(ratio(0, 1), 3), "getcase_time_ratio": round(ratio(2, 3), 3),
          "payment_rps_ratio": round(ratio(4, 5), 3), "bytes_per_payment_ratio": round(ratio(6, 7), 3),
          "errors": int(sum(r[8] + r[9] for r in rows))}
print(f"medians of this ÷ {sys.argv[2]}: snapshot time {result['snapshot_time_ratio']}, GetCase time {result['getcase_time_ratio']}, "
      f"record-payment rate {result['payment_rps_ratio']}, bytes per payment {result['bytes_per_payment_ratio']}, errors {result['errors']}")
print("RESULT " + json.dumps(result))
PY
