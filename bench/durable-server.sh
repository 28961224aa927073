# Sourced by bench/durable.sh, bench/pgbench.sh and bench/audit-cost.sh: the durable-payment
# server and its measurement, shared so that every script measures payments the same way.
#   durable_start WORK [SERVER]  seeds WORK/data (20 000 customers) and serves it over TLS with
#                             the collect-server executable SERVER (default: this checkout's
#                             release build); sets server, bin (the release build's folder, for
#                             collectctl; $DURABLE_BIN when set, without building) and the
#                             COLLECT_* variables collectctl reads
#   durable_payments SECONDS  one record-payment run, 16 connections × 16 streams, 1 s warm-up;
#                             prints collectctl's JSON with "write_bytes" (the server's
#                             /proc/PID/io write_bytes over the run, WAL and checkpoints
#                             included), "stored" (payments the database gained over the run,
#                             warm-up included) and "bytes_per_payment" added
#   durable_stop              stops the server (SIGTERM, so its last log line has the counters)
durable_start() {
    local work=$1 executable=${2:-}
    if [[ -n "${DURABLE_BIN:-}" ]]; then
        bin=$DURABLE_BIN   # a folder holding a release collectctl (bench/builds.sh: another commit's build)
    else
        swift build -c release --product collect-server >/dev/null
        swift build -c release --product collectctl >/dev/null
        bin="$(swift build -c release --show-bin-path)"
    fi
    executable=${executable:-$bin/collect-server}
    durable_work=$work
    rm -rf "$work"; mkdir -p "$work"
    scripts/dev-tls "$work/tls" >/dev/null
    "$executable" seed --data "$work/data" --customers 20000 --seed 3 >/dev/null 2>&1
    local token
    token=$("$executable" token create --data "$work/data" --name bench --role handler --countries SE,NO,DK 2>/dev/null)
    "$executable" serve --data "$work/data" --cert "$work/tls/server.pem" --key "$work/tls/server.key" --host 127.0.0.1 --port 0 \
        > "$work/server.out" 2> "$work/server.log" &
    server=$!
    for _ in $(seq 100); do grep -q listening "$work/server.out" && break; sleep 0.1; done
    local port
    port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$work/server.out")
    export COLLECT_SERVER="localhost:$port" COLLECT_TOKEN="$token" COLLECT_CA="$work/tls/ca.pem"
}

# Bytes the server process has caused to be written to storage so far (all threads).
durable_write_bytes() { awk '/^write_bytes/ {print $2}' "/proc/$server/io"; }
# The same for the checkpointer's thread alone (WAL pages copied into the database file). Its
# thread has no name: it is the first unnamed thread after the main one (StoreWriter starts it
# just before the writer's; the loop threads are named collect-io-N).
durable_checkpoint_bytes() {
    local task
    for task in $(ls /proc/$server/task | sort -n); do
        [[ $task != "$server" && "$(cat "/proc/$server/task/$task/comm" 2>/dev/null)" == collect-server ]] || continue
        awk '/^write_bytes/ {print $2}' "/proc/$server/task/$task/io"; return
    done
    echo 0
}
durable_stored() { sqlite3 -readonly "$durable_work/data/collect.sqlite" "PRAGMA busy_timeout=5000; SELECT count(*) FROM payment" | tail -1; }

durable_payments() {
    local seconds=$1 before stored_before checkpoint_before json
    before=$(durable_write_bytes); stored_before=$(durable_stored); checkpoint_before=$(durable_checkpoint_bytes)
    json=$("$bin/collectctl" bench record-payment --cases 20000 --connections 16 --streams 16 --duration "$seconds" --warmup 1 -o json 2>/dev/null || true)
    python3 - "$json" "$before" "$(durable_write_bytes)" "$stored_before" "$(durable_stored)" \
        "$(( $(durable_checkpoint_bytes) - checkpoint_before ))" <<'PY'
import json, sys
d = json.loads(sys.argv[1]) if sys.argv[1] else {"requests": 0, "requests_per_second": 0, "errors": -1, "latency_ms": {"p99": 0}}
written = int(sys.argv[3]) - int(sys.argv[2]); stored = int(sys.argv[5]) - int(sys.argv[4])
checkpoint = int(sys.argv[6])
d.update(write_bytes=written, stored=stored, bytes_per_payment=round(written / stored) if stored else None,
         checkpoint_bytes_per_payment=round(checkpoint / stored) if stored else None)
print(json.dumps(d))
PY
}

durable_stop() {
    [[ "${server:-0}" != 0 ]] || return 0   # never `kill 0`: that is the whole process group
    kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=0
}
