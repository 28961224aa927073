#!/usr/bin/env bash
# The daily cycle over a whole book against a bare SQLite scan of the same rows, in one run:
#   1. a copy of bench/out/data-N (seeded by bench/lookup.sh N when missing) is migrated once;
#   2. ROUNDS times (default 3), alternating: the rows the cycle reads (cases, accounts, plans,
#      installments, flags, bucket history), each table scanned whole by sqlite3; then
#      `collect-server run-daily` as of today for SE, NO and DK on a fresh copy (the first run of
#      a day: every case gets its bucket row) and again on the same copy (a day run again: reads,
#      no changes);
#   3. cases per second of each (the command's wall time, and the cycle's own time as it reports
#      it, without the process's start: opening the book and its start-up check), the ratio to
#      the scan, and the rows the first run wrote.
# With STRATEGY=on (the default) the three fixture strategies are in force from today
# (bench/strategies-in-force.sh): the cycle also reads each case's customer, recent contacts,
# actions and treatment, evaluates the strategy, and writes treatments and outbox actions; the
# scan then reads those tables too. STRATEGY=off measures the cycle without a strategy.
# Goals (issue 15): at least 50 000 cases/s, within 5x the time of the bare scan.
#   [STRATEGY=on|off] bench/daily-cycle.sh [CUSTOMERS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
customers="${1:-1000000}"
rounds="${2:-3}"
data="bench/out/data-$customers"
work="bench/out/daily-cycle"
[[ -f "$data/collect.sqlite" ]] || bench/lookup.sh "$customers" >/dev/null
swift build -c release --product collect-server >/dev/null
bin="$(swift build -c release --show-bin-path)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$work"; mkdir -p "$work"
cp -r "$data" "$work/base"
rm -f "$work/base/collect.lock"
# Migrate the copy once (any command that opens the writer does), outside the timings.
"$bin/collect-server" token list --data "$work/base" >/dev/null
strategy="${STRATEGY:-on}"
strategy_scan=""
if [[ $strategy == on ]]; then
    swift build -c release --product collectctl >/dev/null
    bench/strategies-in-force.sh "$work/base" "$bin" >/dev/null
    strategy_scan="
        SELECT count(*), sum(length(phone)), sum(length(email)), sum(length(mandate)), sum(length(language)) FROM customer;
        SELECT count(*), sum(occurred_at_ms) FROM contact_event;
        SELECT count(*), sum(earliest_ms) FROM outbox;
        SELECT count(*), sum(segment_since) FROM case_treatment;"
fi
today=$(TZ=Europe/Stockholm date +%F)
cases=$(sqlite3 -readonly "$work/base/collect.sqlite" "SELECT count(*) FROM collection_case")
ms() { date +%s%3N; }
: > "$work/rounds.txt"
for round in $(seq "$rounds"); do
    rm -rf "$work/run"; cp -r "$work/base" "$work/run"
    sync
    start=$(ms)
    sqlite3 -readonly "$work/run/collect.sqlite" "
        SELECT count(*), sum(length(id)), sum(version) FROM collection_case;
        SELECT count(*), sum(overdue_minor), sum(coalesce(oldest_unpaid_due, 0)) FROM account;
        SELECT count(*), sum(version) FROM plan;
        SELECT count(*), sum(paid_minor) FROM installment;
        SELECT count(*), sum(length(kind)) FROM case_flag;
        SELECT count(*) FROM bucket_history;$strategy_scan" >/dev/null
    scan=$(( $(ms) - start ))
    start=$(ms)
    "$bin/collect-server" run-daily --data "$work/run" --as-of "$today" > "$work/first.txt"
    first=$(( $(ms) - start ))
    written=$(sqlite3 -readonly "$work/run/collect.sqlite" "SELECT (SELECT count(*) FROM bucket_history) + (SELECT count(*) FROM audit WHERE actor = 'automation')
        + (SELECT count(*) FROM outbox) + (SELECT count(*) FROM case_treatment)")
    start=$(ms)
    "$bin/collect-server" run-daily --data "$work/run" --as-of "$today" > "$work/again.txt"
    again=$(( $(ms) - start ))
    cycle=$(awk '{for (i = 1; i <= NF; i++) if ($(i+1) == "ms") t += $i} END {print t + 0}' "$work/first.txt")
    echo "$scan $first $again $written $cycle" >> "$work/rounds.txt"
    echo "round $round: scan $scan ms | first run $first ms ($(( cases * 1000 / (first > 0 ? first : 1) )) cases/s, $written rows written; the cycle itself $cycle ms, $(( cases * 1000 / (cycle > 0 ? cycle : 1) )) cases/s) | run again $again ms ($(( cases * 1000 / (again > 0 ? again : 1) )) cases/s)"
    sed 's/^/  /' "$work/first.txt"
done
python3 - "$work/rounds.txt" "$cases" "$strategy" <<'PY'
import json, statistics, sys
rows = [list(map(int, line.split())) for line in open(sys.argv[1]) if line.strip()]
cases = int(sys.argv[2])
scan, first, again = (statistics.median(r[i] for r in rows) for i in range(3))
cycle = statistics.median(r[4] for r in rows)
result = {"script": "daily-cycle.sh", "strategy": sys.argv[3], "cases": cases, "rounds": len(rows), "scan_ms": scan, "first_run_ms": first, "again_ms": again,
          "first_cases_per_s": round(cases * 1000 / max(first, 1)), "again_cases_per_s": round(cases * 1000 / max(again, 1)),
          "first_vs_scan": round(first / max(scan, 1), 2), "again_vs_scan": round(again / max(scan, 1), 2),
          "rows_written_first_run": statistics.median(r[3] for r in rows),
          "cycle_ms": cycle, "cycle_cases_per_s": round(cases * 1000 / max(cycle, 1)), "cycle_vs_scan": round(cycle / max(scan, 1), 2),
          "goal": {"cases_per_s_min": 50000, "vs_scan_max": 5}}
result["pass"] = result["cycle_cases_per_s"] >= 50000 and result["cycle_vs_scan"] <= 5
print(f"medians: scan {scan} ms; first run {first} ms = {result['first_cases_per_s']} cases/s, {result['first_vs_scan']}x the scan "
      f"(the cycle itself {cycle} ms = {result['cycle_cases_per_s']} cases/s, {result['cycle_vs_scan']}x); "
      f"run again {again} ms = {result['again_cases_per_s']} cases/s, {result['again_vs_scan']}x")
print("RESULT " + json.dumps(result))
PY
