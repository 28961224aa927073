#!/usr/bin/env bash
# Random GetCase at a fixed rate while the daily cycle runs, against the same rate on the same
# server once the cycle is done, in one run (issue 15: p99 during the cycle at most 2x without).
# The book: a copy of bench/out/data-N (bench/lookup.sh N makes it) with the three fixture
# strategies in force from yesterday (bench/strategies-in-force.sh) and yesterday's cycle run on it
# (the strategies' first day: every case's first treatment), outside the timings. Each of ROUNDS
# rounds (default 3) takes a fresh copy of that, starts `collect-server serve` with the cycle due
# (the server catches up today at once: a nightly run, treating what moved since yesterday), paces GetCase for SECONDS (default 10) at RATE/s (default 1 000) over
# 16 connections x 32 streams from the moment the server listens ("during"), waits for the three
# countries' runs to complete, then paces again ("after"). The cycle must outlast the first
# pacing: the round reports how long it ran, and is marked when it did not cover the pacing.
# The server's start-up check (quick_check) runs to its end before it listens, so that the first
# pacing overlaps the cycle alone, not the check's read of the whole file.
#   bench/cycle-getcase.sh [CUSTOMERS=1000000] [ROUNDS=3] [SECONDS=10] [RATE=1000]
set -euo pipefail
cd "$(dirname "$0")/.."
customers="${1:-1000000}"; rounds="${2:-3}"; seconds="${3:-10}"; rate="${4:-1000}"
swift build -c release --product collect-server >/dev/null
swift build -c release --product collectctl >/dev/null
bin="$(swift build -c release --show-bin-path)"
data="bench/out/data-$customers"
[[ -f "$data/collect.sqlite" ]] || bench/lookup.sh "$customers" >/dev/null
work="bench/out/cycle-getcase"; rm -rf "$work"; mkdir -p "$work"
scripts/dev-tls "$work/tls" >/dev/null
cp -r "$data" "$work/base"; rm -f "$work/base/collect.lock"
"$bin/collect-server" token list --data "$work/base" >/dev/null      # migrate once, outside the timings
yesterday=$(TZ=Europe/Stockholm date -d yesterday +%F)
bench/strategies-in-force.sh "$work/base" "$bin" "$yesterday" >/dev/null
"$bin/collect-server" run-daily --data "$work/base" --as-of "$yesterday" --today "$yesterday" | sed 's/^/base, first day: /'
token=$("$bin/collect-server" token create --data "$work/base" --name "bench-handler" --role handler --countries SE,NO,DK --expires-days 1)
coordinator=$("$bin/collect-server" token create --data "$work/base" --name "bench-coordinator" --role coordinator --countries SE,NO,DK --expires-days 1)
today=$(TZ=Europe/Stockholm date +%F)
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load $(cut -d' ' -f1-3 /proc/loadavg)"
server=0
stop() { [[ $server != 0 ]] || return 0; kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=0; }
trap stop EXIT
: > "$work/rounds.jsonl"
for round in $(seq "$rounds"); do
    rm -rf "$work/run"; cp -r "$work/base" "$work/run"; sync
    out="$work/server-$round.out"
    started=$(date +%s%3N)
    "$bin/collect-server" serve --data "$work/run" --cert "$work/tls/server.pem" --key "$work/tls/server.key" --host 127.0.0.1 --port 0 \
        --daily-cycle on --daily-at 00:00 --startup-check-budget-ms 600000 > "$out" 2>&1 &
    server=$!
    until grep -q listening "$out"; do kill -0 "$server" || { cat "$out" >&2; exit 1; }; sleep 0.02; done
    port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$out")
    env=(COLLECT_SERVER="localhost:$port" COLLECT_CA="$work/tls/ca.pem")
    load() { env "${env[@]}" COLLECT_TOKEN="$token" "$bin/collectctl" bench get-case --cases "$customers" --connections 16 --streams 32 \
        --duration "$seconds" --warmup 1 --rate "$rate" -o json 2>/dev/null; }
    during=$(load)
    paced_until=$(date +%s%3N)
    until [[ $( (env "${env[@]}" COLLECT_TOKEN="$coordinator" "$bin/collectctl" automation status -o json || true) | grep -c "\"as_of\": \"$today\"" || true) == 3 ]]; do
        kill -0 "$server" || { cat "$out" >&2; exit 1; }; sleep 0.2
    done
    cycle_done=$(date +%s%3N)
    after=$(load)
    stop
    python3 - "$during" "$after" "$round" "$rate" "$work/rounds.jsonl" "$started" "$paced_until" "$cycle_done" "$out" <<'PY'
import json, sys
d, a = json.loads(sys.argv[1]), json.loads(sys.argv[2])
runs = []
for line in open(sys.argv[9]):
    if "daily cycle" not in line: continue
    runs.append(dict(part.split("=", 1) for part in line.split() if "=" in part))
cycle_ms = sum(int(r.get("ms", 0)) for r in runs)
actions = sum(int(r.get("actions_scheduled", 0)) for r in runs)
started, paced_until, cycle_done = int(sys.argv[6]), int(sys.argv[7]), int(sys.argv[8])
covered = cycle_done >= paced_until
row = {"during": {"rps": d["requests_per_second"], "p50_ms": d["latency_ms"]["p50"], "p99_ms": d["latency_ms"]["p99"], "errors": d["errors"]},
       "after": {"rps": a["requests_per_second"], "p50_ms": a["latency_ms"]["p50"], "p99_ms": a["latency_ms"]["p99"], "errors": a["errors"]},
       "cycle_ms_sum": cycle_ms, "actions": actions, "cycle_runs": len(runs),
       "cycle_outlasted_pacing": covered, "cycle_done_after_start_s": round((cycle_done - started) / 1000, 1)}
row["p99_ratio"] = round(row["during"]["p99_ms"] / max(row["after"]["p99_ms"], 0.001), 2)
print(f"round {sys.argv[3]}: GetCase at {sys.argv[4]}/s during the cycle p50 {row['during']['p50_ms']} ms p99 {row['during']['p99_ms']} ms "
      f"| after it p50 {row['after']['p50_ms']} ms p99 {row['after']['p99_ms']} ms | ratio {row['p99_ratio']} "
      f"| cycle {row['cycle_ms_sum']} ms over 3 countries, {row['actions']} actions, done {row['cycle_done_after_start_s']} s after start"
      + ("" if covered else " (the cycle ended before the pacing: not a full overlap)"))
open(sys.argv[5], "a").write(json.dumps(row) + "\n")
PY
done
python3 - "$work/rounds.jsonl" "$rate" "$seconds" "$customers" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
m = lambda f: statistics.median(f(r) for r in rows)
result = {"script": "cycle-getcase.sh", "customers": int(sys.argv[4]), "rate": int(sys.argv[2]), "seconds": float(sys.argv[3]), "rounds": rows,
          "during_p99_ms": m(lambda r: r["during"]["p99_ms"]), "after_p99_ms": m(lambda r: r["after"]["p99_ms"]),
          "p99_ratio": m(lambda r: r["p99_ratio"]), "errors": sum(r["during"]["errors"] + r["after"]["errors"] for r in rows),
          "all_overlapped": all(r["cycle_outlasted_pacing"] for r in rows), "goal": {"p99_ratio_max": 2}}
result["pass"] = result["p99_ratio"] <= 2 and result["errors"] == 0 and result["all_overlapped"]
print(f"medians: p99 during the cycle {result['during_p99_ms']} ms, after {result['after_p99_ms']} ms, ratio {result['p99_ratio']} (goal <= 2)")
print("RESULT " + json.dumps(result))
PY
