#!/usr/bin/env bash
# Durable mutations vs the machine's own fsync rate (group commit at work), in one run:
#   1. fsync rate: 4 KiB write + fsync in a loop, in the database's directory;
#   2. record-payment and create-plan through collect-server (synchronous=FULL), 16 × 16 = 256
#      streams over TLS, each acknowledged only after its batch's fsync; for the payments, the
#      bytes the server wrote to storage per stored payment (/proc/PID/io write_bytes, WAL and
#      checkpoints included; goal ≤ 16 KiB) and the checkpointer thread's share of them.
# Goal: durable mutations per second ≥ 5 × fsyncs per second. Alternates, ROUNDS times (default 3).
#   bench/durable.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
work="bench/out/durable"
. bench/durable-server.sh
durable_start "$work"
trap durable_stop EXIT
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); disk of $work: $(df -h "$work" | awk 'NR==2 {print $1}')"
: > "$work/rounds.jsonl"
for round in $(seq "$rounds"); do
    fsync=$(python3 bench/fsync_rate.py "$work/data" 3)
    pay=$(durable_payments 5)
    plan=$("$bin/collectctl" bench create-plan --cases 20000 --connections 16 --streams 16 --duration 5 --warmup 1 -o json 2>/dev/null || true)
    python3 - "$fsync" "$pay" "$plan" "$round" "$work/rounds.jsonl" <<'PY'
import json, sys
fsync = float(sys.argv[1]); pay = json.loads(sys.argv[2]); plan = json.loads(sys.argv[3]) if sys.argv[3] else {}
print(f"round {sys.argv[4]}: fsync {fsync:.0f}/s | record-payment {pay['requests_per_second']:.0f}/s "
      f"({pay['requests_per_second']/fsync:.1f}x fsync, p99 {pay['latency_ms']['p99']} ms, errors {pay['errors']}, "
      f"{pay['bytes_per_payment'] or 0:.0f} bytes written per payment, {pay['checkpoint_bytes_per_payment'] or 0:.0f} of them by checkpoints) | "
      + (f"create-plan {plan['requests_per_second']:.0f}/s ({plan['requests_per_second']/fsync:.1f}x, p99 {plan['latency_ms']['p99']} ms, errors {plan['errors']})" if plan else "create-plan: no candidates left"))
with open(sys.argv[5], "a") as rounds:
    rounds.write(json.dumps({"fsync_per_s": fsync, "payment": pay, "plan": plan or None}) + "\n")
PY
done
# Stop the server cleanly: its last log line counts the writer's batches (one WAL fsync each).
durable_stop
batches=$(sed -n 's/.*batches=\([0-9]*\).*committed=\([0-9]*\).*largest_batch=\([0-9]*\).*/\1 \2 \3/p' "$work/server.log" | tail -1)
[[ -n "$batches" ]] && echo "group commit: $(echo "$batches" | awk '{printf "%d mutations in %d batches (one fsync each): %.1f per fsync, largest batch %d", $2, $1, $2 / $1, $3}')"
# One machine-readable line for bench/run-all.sh: medians over the rounds, the goal, whether it is met.
python3 - "$work/rounds.jsonl" "${batches:-}" <<'PY'
import json, statistics, sys
rounds = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
writer = sys.argv[2].split() if len(sys.argv) > 2 and sys.argv[2] else None
group = ({"batches": int(writer[0]), "committed": int(writer[1]), "largest_batch": int(writer[2]),
          "mutations_per_fsync": round(int(writer[1]) / max(1, int(writer[0])), 1)} if writer else None)
def brief(d): return None if not d else {"rps": d["requests_per_second"], "p99_ms": d["latency_ms"]["p99"], "errors": d["errors"],
                                        **({"bytes_per_payment": d["bytes_per_payment"], "checkpoint_bytes_per_payment": d["checkpoint_bytes_per_payment"]}
                                           if "bytes_per_payment" in d else {})}
rows = [{"fsync_per_s": r["fsync_per_s"], "record_payment": brief(r["payment"]), "create_plan": brief(r["plan"]),
         "payment_ratio": round(r["payment"]["requests_per_second"] / r["fsync_per_s"], 4)} for r in rounds]
ratio = statistics.median(r["payment_ratio"] for r in rows)
errors = sum(r["record_payment"]["errors"] for r in rows)
print("RESULT " + json.dumps({
    "script": "durable.sh", "figure": "4", "goal": {"ratio_min": 5}, "rounds": rows,
    "fsync_per_s": statistics.median(r["fsync_per_s"] for r in rows),
    "payment_rps": statistics.median(r["record_payment"]["rps"] for r in rows),
    "payment_p99_ms": statistics.median(r["record_payment"]["p99_ms"] for r in rows),
    "bytes_per_payment": statistics.median(r["record_payment"]["bytes_per_payment"] or 0 for r in rows),
    "checkpoint_bytes_per_payment": statistics.median(r["record_payment"]["checkpoint_bytes_per_payment"] or 0 for r in rows),
    "bytes_goal": {"bytes_per_payment_max": 16384},
    "ratio": ratio, "errors": errors, "group_commit": group, "pass": ratio >= 5 and errors == 0}))
PY
