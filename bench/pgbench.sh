#!/usr/bin/env bash
# Durable payments against PostgreSQL's TPC-B (pgbench), same machine, same run: the standard
# OLTP reference a team would otherwise build on. Goal: Collect's durable record-payment rate
# ≥ 2× pgbench's transactions per second.
#   - PostgreSQL: Debian's postgresql (installed with apt-get if missing), a throwaway cluster in
#     bench/out/pgbench/pg (initdb, default configuration, synchronous_commit=on, fsync on),
#     listening on 127.0.0.1 at a free port; `pgbench -i -s SCALE` (SCALE 16 by default, one
#     branch per client: at scale 1 all 16 clients queue on one branch row, which measures lock
#     waits rather than the database), then `pgbench -c 16 -j 2 -T SECONDS` per round;
#   - Collect: bench/durable.sh's measurement (record-payment over TLS, synchronous=FULL, audit
#     chain, 16 connections × 16 streams, 20 000 customers), SECONDS per round.
# The two alternate ROUNDS times (default 3); medians. The cluster is stopped and removed at the end.
#   bench/pgbench.sh [ROUNDS=3] [SECONDS=10]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"; seconds="${2:-10}"; scale="${PGBENCH_SCALE:-16}"
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [[ -z "$pgbin" || ! -x "$pgbin/pgbench" ]]; then
    echo "pgbench.sh: installing Debian's postgresql" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >/dev/null
    pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
work="bench/out/pgbench"
rm -rf "$work"; mkdir -p "$work/pg"
pgdata="$(pwd)/$work/pg/data"
# PostgreSQL refuses to run as root: the cluster then belongs to the postgres user.
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[[ $(id -u) == 0 ]] && chown postgres "$work/pg"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
pg_stop() {
    [[ -f "$pgdata/postmaster.pid" ]] && as_pg "$pgbin/pg_ctl" -D "$pgdata" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$work/pg"
}
. bench/durable-server.sh
trap 'durable_stop; pg_stop' EXIT
as_pg "$pgbin/initdb" -D "$pgdata" --auth=trust -U bench >/dev/null
as_pg "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdata/../server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='' -c synchronous_commit=on" start >/dev/null
pgbench=("$pgbin/pgbench" -h 127.0.0.1 -p "$port" -U bench)
as_pg "${pgbench[@]}" -i -q -s "$scale" postgres > "$work/init.log" 2>&1
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $("$pgbin/postgres" --version); load average $(cut -d' ' -f1-3 /proc/loadavg)"
durable_start "$work/collect"
: > "$work/rounds.jsonl"
for round in $(seq "$rounds"); do
    pay=$(durable_payments "$seconds")
    as_pg "${pgbench[@]}" -c 16 -j 2 -T "$seconds" postgres > "$work/round-$round.log" 2>&1 || true
    tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$work/round-$round.log")
    latency=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$work/round-$round.log")
    python3 - "$pay" "${tps:-0}" "${latency:-0}" "$round" "$work/rounds.jsonl" <<'PY'
import json, sys
pay, tps, latency = json.loads(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
ratio = pay["requests_per_second"] / tps if tps else 0
print(f"round {sys.argv[4]}: Collect record-payment {pay['requests_per_second']:.0f}/s (p99 {pay['latency_ms']['p99']} ms, "
      f"errors {pay['errors']}) | pgbench TPC-B {tps:.0f} tps (mean latency {latency} ms) | {ratio:.2f}x")
with open(sys.argv[5], "a") as rounds:
    rounds.write(json.dumps({"payment_rps": pay["requests_per_second"], "payment_p99_ms": pay["latency_ms"]["p99"],
                             "errors": pay["errors"], "bytes_per_payment": pay["bytes_per_payment"],
                             "pgbench_tps": tps, "pgbench_latency_ms": latency, "ratio": round(ratio, 4)}) + "\n")
PY
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
python3 - "$work/rounds.jsonl" "$scale" "$seconds" "$load_after" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
ratio = statistics.median(r["ratio"] for r in rows)
errors = sum(r["errors"] for r in rows)
print("RESULT " + json.dumps({
    "script": "pgbench.sh", "figure": "durable vs PostgreSQL", "goal": {"ratio_min": 2}, "rounds": rows,
    "scale": int(sys.argv[2]), "seconds": float(sys.argv[3]), "load_after": sys.argv[4],
    "payment_rps": statistics.median(r["payment_rps"] for r in rows),
    "pgbench_tps": statistics.median(r["pgbench_tps"] for r in rows),
    "ratio": ratio, "errors": errors, "pass": ratio >= 2 and errors == 0}))
PY
