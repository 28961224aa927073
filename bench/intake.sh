#!/usr/bin/env bash
# The card ledger's intake (issue 15, docs/INTAKE.md): a CSV of ROWS account states (default
# 100 000; half of them new cases, half not in collections) sent with `collectctl intake` to a
# release server over a seeded book of CUSTOMERS customers (default 20 000). Three rounds, each
# with a new file (new customers); per round, the reference run in the same invocation first:
# handler-recorded payments per second (collectctl bench record-payment, 16 × 16 streams, 5 s),
# a durable mutation each, on the same server.
#   bench/intake.sh [ROWS] [CUSTOMERS]
# Prints per round and as the median of the three: states per second and cases opened per second
# (wall time of `collectctl intake`, the file's parsing and checks included), each as a ratio to
# the reference.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-100000}
customers=${2:-20000}
work=bench/out/intake
export PATH="$PATH:/opt/swift/usr/bin"
swift build -c release --product collect-server >/dev/null
swift build -c release --product collectctl >/dev/null
bin="$(swift build -c release --show-bin-path)"
rm -rf "$work"; mkdir -p "$work"
scripts/dev-tls "$work/tls" >/dev/null
echo "seeding $customers customers"
"$bin/collect-server" seed --data "$work/data" --customers "$customers" --seed 15 >/dev/null 2>&1
handler=$("$bin/collect-server" token create --data "$work/data" --name bench --role handler --countries SE,NO,DK 2>/dev/null)
ledger=$("$bin/collect-server" token create --data "$work/data" --name card.ledger --role automation --countries SE,NO,DK 2>/dev/null)
today=$(TZ=Europe/Stockholm date +%Y-%m-%d)

"$bin/collect-server" serve --data "$work/data" --cert "$work/tls/server.pem" --key "$work/tls/server.key" --host 127.0.0.1 --port 0 \
    --daily-cycle off > "$work/server.out" 2> "$work/server.log" &
server=$!
trap '[[ "${server:-0}" != 0 ]] && kill -TERM "$server" 2>/dev/null; wait 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening "$work/server.out" && break; sleep 0.1; done
port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$work/server.out")
export COLLECT_SERVER="localhost:$port" COLLECT_CA="$work/tls/ca.pem"

results="$work/results.txt"
: > "$results"
for round in 1 2 3; do
    python3 bench/make-intake.py "$rows" "$round" "$today" "$work/feed-$round.csv"
    reference=$(COLLECT_TOKEN="$handler" "$bin/collectctl" bench record-payment --cases "$customers" --connections 16 --streams 16 \
        --duration 5 --warmup 1 -o json 2>/dev/null | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["requests_per_second"]))')
    start=$(date +%s.%N)
    COLLECT_TOKEN="$ledger" "$bin/collectctl" intake "$work/feed-$round.csv" --timeout 60 -o json > "$work/answer-$round.json"
    end=$(date +%s.%N)
    python3 - "$work/answer-$round.json" "$start" "$end" "$reference" "$round" >> "$results" <<'PY'
import json, sys
answer = json.load(open(sys.argv[1]))
seconds = float(sys.argv[3]) - float(sys.argv[2])
reference = int(sys.argv[4])
states, opened = int(answer.get("states", 0)), int(answer.get("cases_opened", 0))
print(sys.argv[5], states, opened, f"{seconds:.3f}", reference)
PY
    tail -1 "$results" | awk '{printf "round %s: %s states, %s cases opened in %s s; reference %s record-payment calls/s\n", $1, $2, $3, $4, $5}'
done
kill -TERM "$server"; wait "$server" 2>/dev/null || true; server=0
python3 - "$results" <<'PY'
import statistics, sys
rounds = [line.split() for line in open(sys.argv[1])]
states = [int(r[1]) / float(r[3]) for r in rounds]
opened = [int(r[2]) / float(r[3]) for r in rounds]
ratios = [int(r[1]) / float(r[3]) / int(r[4]) for r in rounds]
opened_ratios = [int(r[2]) / float(r[3]) / int(r[4]) for r in rounds]
print(f"states/s       median {statistics.median(states):.0f}   (rounds: {', '.join(f'{x:.0f}' for x in states)})")
print(f"cases opened/s median {statistics.median(opened):.0f}   (rounds: {', '.join(f'{x:.0f}' for x in opened)})")
print(f"ratio states/s to record-payment calls/s: median {statistics.median(ratios):.2f}; cases opened/s: {statistics.median(opened_ratios):.2f}")
PY
