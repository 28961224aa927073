#!/usr/bin/env bash
# Bench suite figures 2, 3, 5 and 6 (performance issue) in one run, against collect-server over
# TLS on 127.0.0.1 with `collectctl bench`:
#   2. random GetCase on the million-customer database: peak req/s, then p99 at half that rate,
#      beside the health check at the same rate (the floor of the machine, TLS, HTTP/2 and load tool);
#   3. size scaling: peak random GetCase on 10 000 vs 1 000 000 customers (ratio of req/s), with
#      the answer cache off (`--answer-cache 0`: the database's own scaling, which the goal is
#      about; ROUNDS3 alternating rounds, default 3, of SECONDS/2 each) and, for information,
#      with the default cache (which holds much of the small one);
#   5. server peak RSS (VmHWM) over 2 and 6;
#   6. 90 % look-ups / 10 % payments at 16 × 32 for MIX seconds (default 60): errors and p99.
# Databases: bench/out/data-1000000 (bench/lookup.sh makes it) and bench/out/data-10000 (made here).
#   bench/suite.sh [SECONDS=20] [MIX=60]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
mix="${2:-60}"
swift build -c release --product collect-server >/dev/null
swift build -c release --product collectctl >/dev/null
bin="$(swift build -c release --show-bin-path)"
big="bench/out/data-1000000"; small="bench/out/data-10000"
[[ -f "$big/collect.sqlite" ]] || { echo "run bench/lookup.sh 1000000 first" >&2; exit 1; }
[[ -f "$small/collect.sqlite" ]] || "$bin/collect-server" seed --data "$small" --customers 10000 --seed 1 >/dev/null 2>&1
work="bench/out/suite"; rm -rf "$work"; mkdir -p "$work"
scripts/dev-tls "$work/tls" >/dev/null
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

serve() {  # serve DATA [SERVE-ARGS...] → sets server, port, token
    data="$1"; shift
    token_name="suite-$$-$RANDOM"
    token=$("$bin/collect-server" token create --data "$data" --name "$token_name" --role handler --countries SE,NO,DK --expires-days 1 2>/dev/null)
    local out="$work/server-$token_name.out"
    "$bin/collect-server" serve --data "$data" --cert "$work/tls/server.pem" --key "$work/tls/server.key" --host 127.0.0.1 --port 0 "$@" > "$out" 2>/dev/null &
    server=$!
    for _ in $(seq 100); do grep -q listening "$out" && break; sleep 0.1; done
    port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$out")
}
stop() {
    kill -TERM "$server"; wait "$server" || true; server=0
    "$bin/collect-server" token revoke --data "$data" --name "$token_name" >/dev/null 2>&1 || true
}
server=0
trap 'for pid in $(jobs -p); do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
bench() { COLLECT_SERVER="localhost:$port" COLLECT_TOKEN="$token" COLLECT_CA="$work/tls/ca.pem" "$bin/collectctl" bench "$@" -o json 2>/dev/null || true; }
field() { python3 -c "import json,sys; d=json.loads(sys.argv[1]); print(eval(sys.argv[2], {}, d))" "$1" "$2"; }

# Steady state: the database file in the OS page cache, as on a server that has been running.
cat "$big/collect.sqlite" "$small/collect.sqlite" > /dev/null
serve "$big"
peak=$(bench get-case --cases 1000000 --connections 16 --streams 32 --duration "$seconds" --warmup 3)
peak_rps=$(field "$peak" "round(requests_per_second)")
half=$(bench get-case --cases 1000000 --connections 16 --streams 32 --duration "$seconds" --warmup 3 --rate $((peak_rps / 2)))
# Reference for the tail: the same load tool, connections and rate against the health check (no
# database), right after. What it shows is the floor that the machine, TLS, HTTP/2 and the load
# tool set on their own at that moment.
half_health=$(bench health --connections 16 --streams 32 --duration "$seconds" --warmup 3 --rate $((peak_rps / 2)))
rss_big=$(awk '/VmHWM/ {print $2}' /proc/$server/status)
echo "2. random GetCase, 1 000 000 customers: peak $peak_rps req/s (p99 $(field "$peak" "latency_ms['p99']") ms, errors $(field "$peak" "errors")); at $((peak_rps / 2)) req/s: p99 $(field "$half" "latency_ms['p99']") ms (goal ≤ 2 ms), errors $(field "$half" "errors"); the health check at the same rate: p99 $(field "$half_health" "latency_ms['p99']") ms"
mixed=$(bench mix --mix get-case=90,record-payment=10 --cases 1000000 --connections 16 --streams 32 --duration "$mix" --warmup 3)
rss_big=$(awk '/VmHWM/ {print $2}' /proc/$server/status)
echo "6. mix 90 % GetCase / 10 % RecordPayment, 16 × 32, $mix s: $(field "$mixed" "round(requests_per_second)") req/s, errors $(field "$mixed" "errors"), statuses $(field "$mixed" "statuses"), p50 $(field "$mixed" "latency_ms['p50']") ms, p99 $(field "$mixed" "latency_ms['p99']") ms"
stop
# Figure 3 without the answer cache: both databases served at once (an idle server costs
# nothing), measured alternately ROUNDS3 times so that a noisy moment hits both alike.
serve "$big" --answer-cache 0; big_server=$server; big_port=$port; big_token=$token; big_token_name=$token_name
serve "$small" --answer-cache 0; small_server=$server; small_port=$port; small_token=$token; small_token_name=$token_name
big_runs=(); small_runs=()
for _ in $(seq "${ROUNDS3:-3}"); do
    port=$big_port; token=$big_token
    big_runs+=("$(bench get-case --cases 1000000 --connections 16 --streams 32 --duration "$(( (seconds + 1) / 2 ))" --warmup 2)")
    port=$small_port; token=$small_token
    small_runs+=("$(bench get-case --cases 10000 --connections 16 --streams 32 --duration "$(( (seconds + 1) / 2 ))" --warmup 2)")
done
server=$small_server; data="$small"; token_name=$small_token_name; stop
server=$big_server; data="$big"; token_name=$big_token_name; stop
# The median round of each (by requests per second) stands for it.
median_run() { python3 -c "
import json, sys
runs = sorted((json.loads(a) for a in sys.argv[1:]), key=lambda d: d['requests_per_second'])
print(json.dumps(runs[len(runs) // 2]))" "$@"; }
big_raw=$(median_run "${big_runs[@]}"); small_raw=$(median_run "${small_runs[@]}")
serve "$small"
small_peak=$(bench get-case --cases 10000 --connections 16 --streams 32 --duration "$seconds" --warmup 3)
rss_small=$(awk '/VmHWM/ {print $2}' /proc/$server/status)
stop
small_rps=$(field "$small_peak" "round(requests_per_second)")
big_raw_rps=$(field "$big_raw" "round(requests_per_second)"); small_raw_rps=$(field "$small_raw" "round(requests_per_second)")
echo "3. size scaling, answer cache off: 10 000 customers $small_raw_rps req/s vs 1 000 000 customers $big_raw_rps req/s: the larger is $(python3 -c "print(f'{$small_raw_rps/$big_raw_rps:.2f}')")× slower (goal ≤ 1.3×)"
echo "   with the default answer cache: 10 000 customers $small_rps req/s vs 1 000 000 customers $peak_rps req/s: $(python3 -c "print(f'{$small_rps/$peak_rps:.2f}')")×"
echo "5. server peak RSS: $((rss_big / 1024)) MiB on 1 000 000 customers (figures 2 and 6), $((rss_small / 1024)) MiB on 10 000 (goal ≤ 300 MiB)"
# One machine-readable line for bench/run-all.sh: every figure's numbers, goal and whether it is met.
python3 - "$seconds" "$mix" "$peak" "$half" "$mixed" "$small_peak" "$rss_big" "$rss_small" "$big_raw" "$small_raw" "$half_health" <<'PY'
import json, sys
seconds, mix = float(sys.argv[1]), float(sys.argv[2])
peak, half, mixed, small = (json.loads(a) for a in sys.argv[3:7])
rss_big, rss_small = int(sys.argv[7]), int(sys.argv[8])
big_raw, small_raw = json.loads(sys.argv[9]), json.loads(sys.argv[10])
half_health = json.loads(sys.argv[11])
def run(d): return {"rps": d["requests_per_second"], "p50_ms": d["latency_ms"]["p50"], "p99_ms": d["latency_ms"]["p99"],
                    "errors": d["errors"], "statuses": d["statuses"]}
slowdown = small_raw["requests_per_second"] / big_raw["requests_per_second"]
cached_slowdown = small["requests_per_second"] / peak["requests_per_second"]
print("RESULT " + json.dumps({"script": "suite.sh", "seconds": seconds, "mix_seconds": mix, "figures": {
    "2": {"peak": run(peak), "half_rate": round(peak["requests_per_second"]) // 2, "half": run(half), "half_health": run(half_health),
          "goal": {"half_p99_ms_max": 2}, "pass": half["latency_ms"]["p99"] <= 2 and half["errors"] == 0},
    "3": {"small_customers": 10000, "big_customers": 1000000, "answer_cache": "off", "small": run(small_raw), "big": run(big_raw),
          "slowdown": round(slowdown, 4), "goal": {"slowdown_max": 1.3}, "pass": slowdown <= 1.3,
          "with_answer_cache": {"small": run(small), "big": run(peak), "slowdown": round(cached_slowdown, 4)}},
    "5": {"rss_big_kib": rss_big, "rss_small_kib": rss_small, "goal": {"rss_mib_max": 300}, "pass": rss_big <= 300 * 1024},
    "6": {**run(mixed), "goal": {"errors": 0}, "pass": mixed["errors"] == 0}}}))
PY
