#!/usr/bin/env bash
# Random GetCase at a fixed rate on the million-customer database, beside the health check at the
# same rate (the floor that the machine, TLS, HTTP/2 and the load tool set on their own), and the
# server's start-up time on that database (its `PRAGMA quick_check(1)` holds up the start for at
# most --startup-check-budget-ms, default 5 s, and finishes in the background). Goals: GetCase p99 ≤ 2 ms at 2 000 requests/s; start-up ≤ 10 s.
# Each of ROUNDS rounds (default 3) starts the server (timed from exec to its "listening" line;
# the file is in the OS page cache, as after a restart on a running machine), paces GetCase, then
# the health check, for SECONDS each (default 10) at RATE requests/s (default 2 000) over
# 16 connections × 32 streams, and stops it. Medians over the rounds.
# Database: bench/out/data-1000000 (bench/lookup.sh makes it).
#   bench/paced.sh [ROUNDS=3] [SECONDS=10] [RATE=2000]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"; seconds="${2:-10}"; rate="${3:-2000}"
swift build -c release --product collect-server >/dev/null
swift build -c release --product collectctl >/dev/null
bin="$(swift build -c release --show-bin-path)"
data="bench/out/data-1000000"
[[ -f "$data/collect.sqlite" ]] || { echo "run bench/lookup.sh 1000000 first" >&2; exit 1; }
work="bench/out/paced"; rm -rf "$work"; mkdir -p "$work"
scripts/dev-tls "$work/tls" >/dev/null
token_name="paced-$$"
token=$("$bin/collect-server" token create --data "$data" --name "$token_name" --role handler --countries SE,NO,DK --expires-days 1 2>/dev/null)
server=0
stop() {
    [[ $server != 0 ]] || return 0
    kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=0
}
trap 'stop; "$bin/collect-server" token revoke --data "$data" --name "$token_name" >/dev/null 2>&1 || true' EXIT
cat "$data/collect.sqlite" > /dev/null
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); database $(du -m "$data/collect.sqlite" | cut -f1) MiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
: > "$work/rounds.jsonl"
for round in $(seq "$rounds"); do
    out="$work/server-$round.out"
    started=$(date +%s.%N)
    "$bin/collect-server" serve --data "$data" --cert "$work/tls/server.pem" --key "$work/tls/server.key" --host 127.0.0.1 --port 0 > "$out" 2>/dev/null &
    server=$!
    until grep -q listening "$out"; do   # up to 10 minutes: the figure is the time, whatever it is
        kill -0 "$server" 2>/dev/null && (( $(date +%s) - ${started%.*} < 600 )) || { echo "the server did not start (see $out)" >&2; exit 1; }
        sleep 0.02
    done
    ready=$(date +%s.%N)
    port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$out")
    load() { COLLECT_SERVER="localhost:$port" COLLECT_TOKEN="$token" COLLECT_CA="$work/tls/ca.pem" \
        "$bin/collectctl" bench "$@" --connections 16 --streams 32 --duration "$seconds" --warmup 2 --rate "$rate" -o json 2>/dev/null || true; }
    getcase=$(load get-case --cases 1000000)
    health=$(load health)
    stop
    python3 - "$started" "$ready" "$getcase" "$health" "$round" "$rate" "$work/rounds.jsonl" <<'PY'
import json, sys
startup = float(sys.argv[2]) - float(sys.argv[1])
g, h = json.loads(sys.argv[3]), json.loads(sys.argv[4])
def brief(d): return {"rps": d["requests_per_second"], "p50_ms": d["latency_ms"]["p50"], "p99_ms": d["latency_ms"]["p99"], "errors": d["errors"]}
print(f"round {sys.argv[5]}: start-up {startup:.2f} s | GetCase at {sys.argv[6]}/s: {g['requests_per_second']:.0f}/s, p50 {g['latency_ms']['p50']} ms, "
      f"p99 {g['latency_ms']['p99']} ms, errors {g['errors']} | health: p50 {h['latency_ms']['p50']} ms, p99 {h['latency_ms']['p99']} ms, errors {h['errors']}")
with open(sys.argv[7], "a") as rounds:
    rounds.write(json.dumps({"startup_s": round(startup, 3), "getcase": brief(g), "health": brief(h)}) + "\n")
PY
done
python3 - "$work/rounds.jsonl" "$rate" "$seconds" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
m = lambda f: statistics.median(f(r) for r in rows)
p99, startup = m(lambda r: r["getcase"]["p99_ms"]), m(lambda r: r["startup_s"])
errors = sum(r["getcase"]["errors"] + r["health"]["errors"] for r in rows)
print("RESULT " + json.dumps({
    "script": "paced.sh", "rate": int(sys.argv[2]), "seconds": float(sys.argv[3]), "load_after": sys.argv[4], "rounds": rows,
    "getcase_p99_ms": p99, "getcase_p50_ms": m(lambda r: r["getcase"]["p50_ms"]), "getcase_rps": m(lambda r: r["getcase"]["rps"]),
    "health_p99_ms": m(lambda r: r["health"]["p99_ms"]), "health_p50_ms": m(lambda r: r["health"]["p50_ms"]),
    "startup_s": startup, "startup_max_s": max(r["startup_s"] for r in rows), "errors": errors,
    "goal": {"getcase_p99_ms_max": 2, "startup_s_max": 10},
    "pass": p99 <= 2 and startup <= 10 and errors == 0}))
PY
