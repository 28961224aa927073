#!/usr/bin/env bash
# Where a durable payment's WAL pages go, in one command: serves a fresh 20 000-customer book as
# bench/durable.sh does (bench/durable-server.sh), runs record-payment for 5 s, copies the WAL
# five times 2-4 s in, stops the server cleanly and names the table or index of every page of the copy
# (bench/wal-pages.py, per payment from the server's batches), beside the run's bytes per payment.
#   bench/wal-sample.sh [SERVER]   (SERVER: a collect-server executable; default this checkout's)
set -euo pipefail
cd "$(dirname "$0")/.."
work=bench/out/wal-sample
. bench/durable-server.sh
durable_start "$work" "${1:-}"
trap durable_stop EXIT
# Five copies, 2 to 4 s in; the one holding the most commits (the WAL starts over after each
# checkpoint that copied all of it) is read.
(sleep 2; for n in 1 2 3 4 5; do cp "$work/data/collect.sqlite-wal" "$work/copy-$n.sqlite-wal"; sleep 0.5; done) &
copier=$!
payments=$(durable_payments 5)
wait "$copier"
durable_stop
python3 -c 'import json, sys; d = json.loads(sys.argv[1]); print("record-payment %.0f/s, errors %d, %s bytes written per payment, %s of them by checkpoints" % (d["requests_per_second"], d["errors"], d["bytes_per_payment"], d["checkpoint_bytes_per_payment"]))' "$payments"
# Mutations per commit (one batch, one fsync) from the server's last log line; the page owners
# from the database after the clean stop (every page the run allocated is in it by then).
per_commit=$(sed -n 's/.*batches=\([0-9]*\).*committed=\([0-9]*\).*/\2 \1/p' "$work/server.log" | tail -1 | awk '{printf "%.2f", $1 / $2}')
best=$(for n in 1 2 3 4 5; do
    echo "$(python3 bench/wal-pages.py "$work/data/collect.sqlite" "$work/copy-$n.sqlite-wal" | sed -n 's/.*; \([0-9]*\) commits.*/\1/p') $n"
done | sort -n | tail -1 | cut -d' ' -f2)
python3 bench/wal-pages.py "$work/data/collect.sqlite" "$work/copy-$best.sqlite-wal" "$per_commit"
