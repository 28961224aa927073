#!/usr/bin/env bash
# GetCase vs nghttpd (bench suite figure 1): h2load over TLS, -c 16 -m 32, alternating between
#   collect-server: POST /collect.v1.Cases/GetCase for one case of the DATA directory, and
#   nghttpd: GET of a static file exactly as large as that GetCase response,
# ROUNDS times each (default 3). Goal ≥ 0.5× nghttpd's requests per second.
#   bench/getcase-h2load.sh [DATA-DIR] [ROUNDS] [REQUESTS]
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-bench/out/data-1000000}"
rounds="${2:-3}"
requests="${3:-100000}"
[[ -f "$data/collect.sqlite" ]] || { echo "no database in $data: run bench/lookup.sh first" >&2; exit 1; }
swift build -c release --product collect-server >/dev/null
bin="$(swift build -c release --show-bin-path)"
work="bench/out/getcase-h2load"
rm -rf "$work"; mkdir -p "$work/docroot"
scripts/dev-tls "$work/tls" >/dev/null
token=$("$bin/collect-server" token create --data "$data" --name "h2load-$$" --role handler --countries SE,NO,DK --expires-days 1 2>/dev/null)
"$bin/collect-server" serve --data "$data" --cert "$work/tls/server.pem" --key "$work/tls/server.key" --host 127.0.0.1 --port 0 \
    > "$work/server.out" 2>/dev/null &
server=$!
nghttpd=0   # set before the trap: `kill $server 0` would signal this whole process group
trap 'kill $server 2>/dev/null || true; [[ $nghttpd == 0 ]] || kill $nghttpd 2>/dev/null || true; "$bin/collect-server" token revoke --data "$data" --name "h2load-$$" >/dev/null 2>&1 || true' EXIT
for _ in $(seq 100); do grep -q listening "$work/server.out" && break; sleep 0.1; done
port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$work/server.out")
# The request: GetCaseRequest{case_id: "C-0000001"} (field 1, length-delimited), gRPC-framed.
python3 -c 'import sys; m=b"\x0a\x09C-0000001"; sys.stdout.buffer.write(b"\x00"+len(m).to_bytes(4,"big")+m)' > "$work/request.bin"
headers=(-H "content-type: application/grpc" -H "te: trailers" -H "authorization: Bearer $token")
nghttp -d "$work/request.bin" "${headers[@]}" "https://127.0.0.1:$port/collect.v1.Cases/GetCase" > "$work/response.bin"
size=$(stat -c %s "$work/response.bin")
[[ "$size" -gt 5 ]] || { echo "GetCase failed" >&2; exit 1; }
head -c "$size" /dev/urandom > "$work/docroot/case.bin"
# A free port for nghttpd, picked by the kernel (not "ours + 1", which may be taken).
nport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
nghttpd -d "$work/docroot" --address=127.0.0.1 "$nport" "$work/tls/server.key" "$work/tls/server.pem" >/dev/null 2>&1 &
nghttpd=$!
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$nport") 2>/dev/null && break; sleep 0.1; done
(exec 3<>"/dev/tcp/127.0.0.1/$nport") 2>/dev/null || { echo "nghttpd did not start on port $nport" >&2; exit 1; }
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); response $size bytes; $requests requests per run, -c 16 -m 32"
rate() { sed -n 's/.*finished in [^,]*, \([0-9.]*\) req\/s.*/\1/p'; }
latency() { awk '/time for request:/ {print $4, $6, $8}'; }
mean() { awk '/time for request:/ {print $6}'; }
errors() { awk '/^requests:/ {f = $10} /^status codes:/ {s = $5 + $7 + $9} END {print f + s}'; }   # failed + non-2xx
: > "$work/rounds.txt"
for round in $(seq "$rounds"); do
    ours=$(h2load -n "$requests" -c 16 -m 32 -d "$work/request.bin" "${headers[@]}" "https://127.0.0.1:$port/collect.v1.Cases/GetCase" 2>&1)
    theirs=$(h2load -n "$requests" -c 16 -m 32 "https://127.0.0.1:$nport/case.bin" 2>&1)
    a=$(echo "$ours" | rate); b=$(echo "$theirs" | rate)
    echo "round $round: GetCase $a req/s (min/max/mean $(echo "$ours" | latency)) | nghttpd $b req/s (min/max/mean $(echo "$theirs" | latency)) | ratio $(python3 -c "print(f'{$a/$b:.2f}')")"
    echo "$ours" | grep -E "^status codes|succeeded" | tr '\n' ' '; echo
    echo "$a $b $(echo "$ours" | mean) $(echo "$theirs" | mean) $(echo "$ours" | errors) $(echo "$theirs" | errors)" >> "$work/rounds.txt"
done
# One machine-readable line for bench/run-all.sh: medians, the goal, whether it is met, and the
# server's peak RSS over these rounds (bench figure 5 covers the server during figures 1 and 2).
rss=$(awk '/VmHWM/ {print $2}' /proc/$server/status)
python3 - "$work/rounds.txt" "$size" "$requests" "$rss" <<'PY'
import json, statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
ours = [float(r[0]) for r in rows]; theirs = [float(r[1]) for r in rows]
ratio = statistics.median(a / b for a, b in zip(ours, theirs))
print("RESULT " + json.dumps({
    "script": "getcase-h2load.sh", "figure": "1", "goal": {"ratio_min": 0.5},
    "response_bytes": int(sys.argv[2]), "requests": int(sys.argv[3]), "server_peak_rss_kib": int(sys.argv[4]),
    "rounds": [{"getcase_rps": a, "nghttpd_rps": b, "ratio": round(a / b, 4), "getcase_mean": r[2], "nghttpd_mean": r[3],
                "getcase_errors": int(r[4]), "nghttpd_errors": int(r[5])} for a, b, r in zip(ours, theirs, rows)],
    "getcase_rps": statistics.median(ours), "nghttpd_rps": statistics.median(theirs), "ratio": round(ratio, 4),
    "errors": sum(int(r[4]) for r in rows), "pass": ratio >= 0.5 and all(int(r[4]) == 0 for r in rows)}))
PY
