#!/usr/bin/env bash
# Payment files (issue 18): a generated BgMax file of PAYMENTS payments (default 1 000 000) to the
# Swedish accounts of a seeded book of CUSTOMERS customers (default 100 000), imported through the
# server's payment inbox.
#   bench/payment-files.sh [PAYMENTS] [CUSTOMERS]
# Prints: import time, durable payments per second (the file's payments over the time from the
# file's rename into the inbox to its report in done/, every payment committed with fsync), the
# server's peak RSS (VmHWM) before and after, and, as the reference run in the same invocation,
# handler-recorded payments per second (collectctl bench record-payment, 16 × 16 streams, 10 s)
# on the same server; the figure is reported as a ratio to it. Goals: ≥ 20 000 payments/s,
# ≤ 100 MiB peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
payments=${1:-1000000}
customers=${2:-100000}
work=bench/out/payment-files
export PATH="$PATH:/opt/swift/usr/bin"
swift build -c release --product collect-server >/dev/null
swift build -c release --product collectctl >/dev/null
bin="$(swift build -c release --show-bin-path)"
rm -rf "$work"; mkdir -p "$work/inbox"
scripts/dev-tls "$work/tls" >/dev/null
echo "seeding $customers customers"
"$bin/collect-server" seed --data "$work/data" --customers "$customers" --seed 18 >/dev/null 2>&1
token=$("$bin/collect-server" token create --data "$work/data" --name bench --role handler --countries SE,NO,DK 2>/dev/null)
# Swedish accounts of open cases (a closed case's payment is not applied).
sqlite3 -readonly "$work/data/collect.sqlite" \
    "SELECT a.payment_reference FROM account a JOIN collection_case c ON c.id = a.case_id WHERE a.currency = 'SEK' AND c.status != 'CLOSED'" \
    > "$work/references.txt"
today=$(TZ=Europe/Stockholm date +%Y%m%d)
echo "writing $payments payments to $(wc -l < "$work/references.txt") references"
python3 bench/make-bgmax.py "$work/references.txt" "$payments" "$today" "$work/.bgmax.txt"
ls -l "$work/.bgmax.txt"

"$bin/collect-server" serve --data "$work/data" --cert "$work/tls/server.pem" --key "$work/tls/server.key" --host 127.0.0.1 --port 0 \
    --payment-inbox "$work/inbox" > "$work/server.out" 2> "$work/server.log" &
server=$!
trap '[[ "${server:-0}" != 0 ]] && kill -TERM "$server" 2>/dev/null; wait 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening "$work/server.out" && break; sleep 0.1; done
port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$work/server.out")
export COLLECT_SERVER="localhost:$port" COLLECT_TOKEN="$token" COLLECT_CA="$work/tls/ca.pem"
rss_start=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")

echo "reference: handler-recorded payments, 10 s"
reference=$("$bin/collectctl" bench record-payment --cases "$customers" --connections 16 --streams 16 --duration 10 --warmup 1 -o json 2>/dev/null \
    | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["requests_per_second"]))')

mv "$work/inbox/.bgmax.txt" "$work/inbox/bgmax.txt" 2>/dev/null || mv "$work/.bgmax.txt" "$work/inbox/bgmax.txt"
start=$(date +%s.%N)
while [[ ! -f "$work/inbox/done/bgmax.txt.report" && ! -f "$work/inbox/failed/bgmax.txt.error" ]]; do sleep 0.2; done
end=$(date +%s.%N)
rss_peak=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
cat "$work/inbox/done/bgmax.txt.report" 2>/dev/null || cat "$work/inbox/failed/bgmax.txt.error"
kill -TERM "$server"; wait "$server" 2>/dev/null || true; server=0
stored=$(sqlite3 -readonly "$work/data/collect.sqlite" "SELECT count(*) FROM bank_payment")
python3 - "$payments" "$stored" "$start" "$end" "$rss_start" "$rss_peak" "$reference" <<'PY'
import sys
payments, stored, start, end, rss0, rss1, ref = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
seconds = end - start
rate = stored / seconds
print(f"payments in file        {payments}")
print(f"bank payments stored    {stored}")
print(f"import time             {seconds:.1f} s")
print(f"durable payments/s      {rate:.0f}   (goal >= 20000)")
print(f"reference (record-payment calls/s, same server) {ref}; ratio import/reference {rate / ref:.2f}" if ref else "reference run failed")
print(f"server peak RSS (VmHWM) {rss1 / 1024:.1f} MiB after the import, {rss0 / 1024:.1f} MiB before   (goal <= 100 MiB)")
PY
