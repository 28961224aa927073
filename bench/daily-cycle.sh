#!/usr/bin/env bash
# The daily cycle over a whole book against a bare SQLite scan of the same rows, in one run:
#   1. a copy of bench/out/data-N (seeded by bench/lookup.sh N when missing) is migrated once;
#   2. ROUNDS times (default 3), alternating: the rows the cycle reads (cases, accounts, plans,
#      installments, flags, bucket history), each table scanned whole by sqlite3; then
#      `collect-server run-daily` for SE, NO and DK on a fresh copy as of yesterday (the book's
#      first day: every case gets its bucket row, and its first treatment and actions), as of
#      today (the next day: what a nightly run does, changing what moved), and today again (a day
#      run again: reads, no changes);
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
    bench/strategies-in-force.sh "$work/base" "$bin" "$(TZ=Europe/Stockholm date -d yesterday +%F)" >/dev/null
    strategy_scan="
        SELECT count(*), sum(length(phone)), sum(length(email)), sum(length(mandate)), sum(length(language)) FROM customer;
        SELECT count(*), sum(occurred_at_ms) FROM contact_event;
        SELECT count(*), sum(earliest_ms) FROM outbox;
        SELECT count(*), sum(segment_since) FROM case_treatment;"
fi
today=$(TZ=Europe/Stockholm date +%F)
yesterday=$(TZ=Europe/Stockholm date -d yesterday +%F)
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
    rows_written() { sqlite3 -readonly "$work/run/collect.sqlite" "SELECT (SELECT count(*) FROM bucket_history) + (SELECT count(*) FROM audit WHERE actor = 'automation')
        + (SELECT count(*) FROM outbox) + (SELECT count(*) FROM case_treatment)"; }
    own_ms() { awk '{for (i = 1; i <= NF; i++) if ($(i+1) == "ms") t += $i} END {print t + 0}' "$1"; }
    start=$(ms)
    "$bin/collect-server" run-daily --data "$work/run" --as-of "$yesterday" --today "$yesterday" > "$work/first.txt"
    first=$(( $(ms) - start ))
    written=$(rows_written)
    start=$(ms)
    "$bin/collect-server" run-daily --data "$work/run" --as-of "$today" > "$work/next.txt"
    next=$(( $(ms) - start ))
    written_next=$(( $(rows_written) - written ))
    start=$(ms)
    "$bin/collect-server" run-daily --data "$work/run" --as-of "$today" > "$work/again.txt"
    again=$(( $(ms) - start ))
    cycle=$(own_ms "$work/first.txt"); cycle_next=$(own_ms "$work/next.txt"); cycle_again=$(own_ms "$work/again.txt")
    echo "$scan $first $again $written $cycle $next $cycle_next $written_next $cycle_again" >> "$work/rounds.txt"
    echo "round $round: scan $scan ms | first day $first ms ($written rows written; the cycle itself $cycle ms, $(( cases * 1000 / (cycle > 0 ? cycle : 1) )) cases/s)" \
        "| next day $next ms ($written_next rows written; the cycle itself $cycle_next ms, $(( cases * 1000 / (cycle_next > 0 ? cycle_next : 1) )) cases/s)" \
        "| run again $again ms (the cycle itself $cycle_again ms, $(( cases * 1000 / (cycle_again > 0 ? cycle_again : 1) )) cases/s)"
    for f in first next again; do sed "s/^/  $f: /" "$work/$f.txt"; done
done
python3 - "$work/rounds.txt" "$cases" "$strategy" <<'PY'
import json, statistics, sys
rows = [list(map(int, line.split())) for line in open(sys.argv[1]) if line.strip()]
cases = int(sys.argv[2])
scan, first, again = (statistics.median(r[i] for r in rows) for i in range(3))
cycle = statistics.median(r[4] for r in rows)
cycle_next = statistics.median(r[6] for r in rows)
cycle_again = statistics.median(r[8] for r in rows)
rate = lambda ms: round(cases * 1000 / max(ms, 1))
result = {"script": "daily-cycle.sh", "strategy": sys.argv[3], "cases": cases, "rounds": len(rows), "scan_ms": scan,
          "first_day": {"run_ms": first, "cycle_ms": cycle, "cases_per_s": rate(cycle), "vs_scan": round(cycle / max(scan, 1), 2),
                        "rows_written": statistics.median(r[3] for r in rows)},
          "next_day": {"run_ms": statistics.median(r[5] for r in rows), "cycle_ms": cycle_next, "cases_per_s": rate(cycle_next),
                       "vs_scan": round(cycle_next / max(scan, 1), 2), "rows_written": statistics.median(r[7] for r in rows)},
          "again": {"run_ms": again, "cycle_ms": cycle_again, "cases_per_s": rate(cycle_again), "vs_scan": round(cycle_again / max(scan, 1), 2)},
          "goal": {"cases_per_s_min": 50000, "vs_scan_max": 5, "judged_on": "next_day (a nightly run)"}}
result["pass"] = result["next_day"]["cases_per_s"] >= 50000 and result["next_day"]["vs_scan"] <= 5
print(f"medians (the cycle's own time): scan {scan} ms; first day {cycle} ms = {rate(cycle)} cases/s, {result['first_day']['vs_scan']}x the scan; "
      f"next day {cycle_next} ms = {rate(cycle_next)} cases/s, {result['next_day']['vs_scan']}x; run again {cycle_again} ms = {rate(cycle_again)} cases/s")
print("RESULT " + json.dumps(result))
PY
