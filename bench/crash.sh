#!/usr/bin/env bash
# Crash under load, full size: a 90 % look-up / 10 % payment mix against collect-server, which is
# killed with SIGKILL at a random moment CYCLES times (default 8) and restarted; then every
# payment the load tool saw acknowledged must be in the database, nothing half-applied,
# PRAGMA integrity_check ok, and the audit chain intact. (EndToEndTests runs a small version.)
#   bench/crash.sh [CYCLES] [CUSTOMERS]
set -euo pipefail
cd "$(dirname "$0")/.."
cycles="${1:-8}"
customers="${2:-100000}"
swift build -c release --product collect-server >/dev/null
swift build -c release --product collectctl >/dev/null
bin="$(swift build -c release --show-bin-path)"
work="bench/out/crash"
rm -rf "$work"; mkdir -p "$work"
scripts/dev-tls "$work/tls" >/dev/null
"$bin/collect-server" seed --data "$work/data" --customers "$customers" --seed 5 >/dev/null 2>&1
token=$("$bin/collect-server" token create --data "$work/data" --name crash --role handler --countries SE,NO,DK 2>/dev/null)
server=0; load=0
trap '[[ $server == 0 ]] || kill -9 $server 2>/dev/null || true; [[ $load == 0 ]] || kill $load 2>/dev/null || true; wait 2>/dev/null || true' EXIT
for cycle in $(seq "$cycles"); do
    "$bin/collect-server" serve --data "$work/data" --cert "$work/tls/server.pem" --key "$work/tls/server.key" --host 127.0.0.1 --port 0 \
        > "$work/server.out" 2>/dev/null &
    server=$!
    for _ in $(seq 100); do grep -q listening "$work/server.out" && break; sleep 0.1; done
    port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$work/server.out")
    COLLECT_SERVER="localhost:$port" COLLECT_TOKEN="$token" COLLECT_CA="$work/tls/ca.pem" \
        "$bin/collectctl" bench mix --mix get-case=90,record-payment=10 --cases "$customers" --connections 16 --streams 32 \
        --duration 20 --warmup 0 --ack-log "$work/acks.txt" >/dev/null 2>&1 &
    load=$!
    sleep "$(python3 -c 'import random; print(round(random.uniform(2, 8), 2))')"
    kill -9 "$server"; wait "$server" 2>/dev/null || true; server=0
    wait "$load" 2>/dev/null || true; load=0
    echo "cycle $cycle: killed; $(grep -c '^payment' "$work/acks.txt" || true) payments acknowledged so far"
done
# Reopen once (recovery), then check.
"$bin/collect-server" serve --data "$work/data" --cert "$work/tls/server.pem" --key "$work/tls/server.key" --host 127.0.0.1 --port 0 > "$work/server.out" 2>/dev/null &
server=$!; sleep 2; kill -TERM "$server"; wait "$server"; server=0
db="$work/data/collect.sqlite"
awk '$1 == "payment" {print $2}' "$work/acks.txt" | sort -u > "$work/acked.txt"
sqlite3 "$db" "SELECT id FROM payment WHERE recorded_by = 'crash'" | sort -u > "$work/stored.txt"
missing=$(comm -23 "$work/acked.txt" "$work/stored.txt" | wc -l)
# A payment's audit row is filed under its account (audit_by_entity): one index look-up each, not a
# scan of the whole audit log per payment.
half=$(sqlite3 "$db" "SELECT count(*) FROM payment p WHERE recorded_by = 'crash' AND NOT EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'account' AND a.entity_id = p.account_number AND a.action = 'payment.record' AND a.detail LIKE p.id || ' %')")
versions=$(sqlite3 "$db" "SELECT count(*) FROM collection_case c WHERE c.version - 1 != (SELECT count(*) FROM audit a WHERE a.entity = 'case' AND a.entity_id = c.id)")
integrity=$(sqlite3 "$db" "PRAGMA integrity_check")
audit=$("$bin/collect-server" audit verify --data "$work/data" || true)
echo "acknowledged $(wc -l < "$work/acked.txt"), stored $(wc -l < "$work/stored.txt"), acknowledged but missing $missing"
echo "payments without audit: $half; cases whose version disagrees with their audit: $versions; integrity_check: $integrity; $audit"
# One machine-readable line for bench/run-all.sh: the counts and whether every check passed.
python3 - "$cycles" "$customers" "$(wc -l < "$work/acked.txt")" "$(wc -l < "$work/stored.txt")" "$missing" "$half" "$versions" "$integrity" "$audit" <<'PY'
import json, sys
cycles, customers, acked, stored, missing, half, versions = (int(a) for a in sys.argv[1:8])
integrity, audit = sys.argv[8], sys.argv[9]
print("RESULT " + json.dumps({
    "script": "crash.sh", "figure": "crash", "cycles": cycles, "customers": customers, "acknowledged": acked, "stored": stored,
    "missing": missing, "without_audit": half, "version_mismatch": versions, "integrity": integrity, "audit": audit,
    "pass": missing == 0 and half == 0 and versions == 0 and integrity == "ok" and "intact" in audit}))
PY
[[ "$missing" == 0 && "$half" == 0 && "$versions" == 0 && "$integrity" == ok && "$audit" == *intact* ]]
