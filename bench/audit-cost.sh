#!/usr/bin/env bash
# What the keyed audit chain costs durable payments: bench/durable.sh's record-payment
# measurement (16 × 16 streams, synchronous=FULL, 20 000 customers, a freshly seeded database per
# run) against this checkout's collect-server (HMAC-SHA-256 chain, a state digest per audit row,
# the anchor file written after checkpoints) and against the same source built with
# COLLECT_BENCH_UNKEYED_AUDIT (plain SHA-256 rows, no anchor; its own scratch path
# .build-unkeyed, never installed), alternating, ROUNDS times (default 3) of SECONDS (default 5).
# Goal: keyed ≤ 5 % slower (ratio keyed ÷ unkeyed ≥ 0.95, median of the rounds' ratios).
#   bench/audit-cost.sh [ROUNDS=3] [SECONDS=5]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"; seconds="${2:-5}"
swift build -c release --scratch-path .build-unkeyed -Xswiftc -DCOLLECT_BENCH_UNKEYED_AUDIT --product collect-server >/dev/null
unkeyed="$(swift build -c release --scratch-path .build-unkeyed -Xswiftc -DCOLLECT_BENCH_UNKEYED_AUDIT --show-bin-path)/collect-server"
work="bench/out/audit-cost"
. bench/durable-server.sh
trap durable_stop EXIT
echo "machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
: > "$work.jsonl"
for round in $(seq "$rounds"); do
    durable_start "$work"; keyed=$(durable_payments "$seconds"); durable_stop
    durable_start "$work" "$unkeyed"; plain=$(durable_payments "$seconds"); durable_stop
    python3 - "$keyed" "$plain" "$round" "$work.jsonl" <<'PY'
import json, sys
k, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
ratio = k["requests_per_second"] / p["requests_per_second"] if p["requests_per_second"] else 0
print(f"round {sys.argv[3]}: keyed {k['requests_per_second']:.0f}/s (p99 {k['latency_ms']['p99']} ms, {k['bytes_per_payment']} B/payment) | "
      f"unkeyed {p['requests_per_second']:.0f}/s (p99 {p['latency_ms']['p99']} ms, {p['bytes_per_payment']} B/payment) | keyed ÷ unkeyed {ratio:.3f}")
with open(sys.argv[4], "a") as rounds:
    rounds.write(json.dumps({"keyed_rps": k["requests_per_second"], "unkeyed_rps": p["requests_per_second"],
                             "keyed_errors": k["errors"], "unkeyed_errors": p["errors"], "ratio": round(ratio, 4)}) + "\n")
PY
done
python3 - "$work.jsonl" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
ratio = statistics.median(r["ratio"] for r in rows)
errors = sum(r["keyed_errors"] + r["unkeyed_errors"] for r in rows)
print("RESULT " + json.dumps({"script": "audit-cost.sh", "rounds": rows, "load_after": sys.argv[2],
    "keyed_rps": statistics.median(r["keyed_rps"] for r in rows), "unkeyed_rps": statistics.median(r["unkeyed_rps"] for r in rows),
    "ratio": ratio, "slower_percent": round((1 - ratio) * 100, 1), "errors": errors,
    "goal": {"ratio_min": 0.95}, "pass": ratio >= 0.95 and errors == 0}))
PY
