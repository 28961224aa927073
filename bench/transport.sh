#!/usr/bin/env bash
# Transport vs nghttpd: h2load over TLS (127.0.0.1 only), -c 16 -m 32, alternating between
#   collect-server: POST /grpc.health.v1.Health/Check (built into the transport), and
#   nghttpd:        GET of a 600-byte static file,
# ROUNDS times each, DURATION seconds per run after a 1 s warm-up. Goal: ≥ 0.8× nghttpd req/s.
#   [THREADS=n] bench/transport.sh [ROUNDS] [DURATION-SECONDS]   (THREADS: server loop threads, default nproc)
# Prints each round, then the medians (req/s, ratio, mean latency).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-5}"
duration="${2:-5}"
for tool in h2load nghttpd openssl python3; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install nghttp2-client nghttp2-server openssl python3)" >&2; exit 1; }
done
scratch=.build-transport
swift build -c release --scratch-path "$scratch" --product collect-server >/dev/null
bin="$(swift build -c release --scratch-path "$scratch" --show-bin-path)"
work="bench/out/transport"
rm -rf "$work"; mkdir -p "$work/docroot" "$work/tls"

# Dev TLS material: a CA and a P-256 server certificate for 127.0.0.1/localhost.
(
    cd "$work/tls"
    ec=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes)
    openssl req -x509 "${ec[@]}" -keyout ca.key -out ca.pem -days 2 -subj "/CN=bench CA" 2>/dev/null
    openssl req "${ec[@]}" -keyout server.key -out server.csr -subj "/CN=localhost" 2>/dev/null
    printf "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n" > server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile server.ext 2>/dev/null
)

"$bin/collect-server" serve --data "$work/data" --cert "$work/tls/server.pem" --key "$work/tls/server.key" \
    --host 127.0.0.1 --port 0 --threads "${THREADS:-$(nproc)}" --log-level warning > "$work/server.out" 2>"$work/server.err" &
server=$!
nghttpd=0
trap 'kill $server 2>/dev/null || true; [[ $nghttpd == 0 ]] || kill $nghttpd 2>/dev/null || true; wait 2>/dev/null || true' EXIT
for _ in $(seq 300); do grep -q listening "$work/server.out" && break; sleep 0.1; done
port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$work/server.out")
[[ -n "$port" ]] || { echo "collect-server did not start:" >&2; cat "$work/server.err" >&2; exit 1; }

head -c 600 /dev/urandom > "$work/docroot/file"
# A free port for nghttpd, picked by the kernel (not "ours + 1", which may be taken).
nport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
nghttpd -d "$work/docroot" --address=127.0.0.1 "$nport" "$work/tls/server.key" "$work/tls/server.pem" >/dev/null 2>&1 &
nghttpd=$!
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$nport") 2>/dev/null && break; sleep 0.1; done
(exec 3<>"/dev/tcp/127.0.0.1/$nport") 2>/dev/null || { echo "nghttpd did not start on port $nport" >&2; exit 1; }

printf '\x00\x00\x00\x00\x00' > "$work/request.bin"   # HealthCheckRequest{} with its gRPC prefix
grpc=(-d "$work/request.bin" -H "content-type: application/grpc" -H "te: trailers")
common=(-c 16 -m 32 -D "$duration" --warm-up-time=1)
echo "machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); h2load ${common[*]}"
rate() { sed -n 's/.*finished in [^,]*, \([0-9.]*\) req\/s.*/\1/p'; }
mean() { awk '/time for request:/ {print $6}'; }
check() { grep -E "^requests:" | tr -s ' '; }
errors() { awk '/^requests:/ {f = $10} /^status codes:/ {s = $5 + $7 + $9} END {print f + s}'; }   # failed + non-2xx
: > "$work/rounds.txt"
for round in $(seq "$rounds"); do
    ours=$(h2load "${common[@]}" "${grpc[@]}" "https://127.0.0.1:$port/grpc.health.v1.Health/Check" 2>&1)
    theirs=$(h2load "${common[@]}" "https://127.0.0.1:$nport/file" 2>&1)
    a=$(echo "$ours" | rate); b=$(echo "$theirs" | rate)
    echo "$a $b $(echo "$ours" | mean) $(echo "$theirs" | mean) $(echo "$ours" | errors) $(echo "$theirs" | errors)" >> "$work/rounds.txt"
    echo "round $round: collect-server $a req/s (mean $(echo "$ours" | mean)) | nghttpd $b req/s (mean $(echo "$theirs" | mean)) | ratio $(python3 -c "print(f'{$a/$b:.2f}')")"
    echo "  ours:   $(echo "$ours" | check)"
    echo "  theirs: $(echo "$theirs" | check)"
done
python3 - "$work/rounds.txt" "$duration" <<'PY'
import json, statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
ours = [float(r[0]) for r in rows]; theirs = [float(r[1]) for r in rows]
ratios = [a / b for a, b in zip(ours, theirs)]
print(f"median: collect-server {statistics.median(ours):.0f} req/s, nghttpd {statistics.median(theirs):.0f} req/s, "
      f"ratio {statistics.median(ratios):.2f} (goal >= 0.80); mean latency ours {[r[2] for r in rows]}, nghttpd {[r[3] for r in rows]}")
# One machine-readable line for bench/run-all.sh: the figure, its goal and whether it is met.
ratio = statistics.median(ratios)
print("RESULT " + json.dumps({
    "script": "transport.sh", "figure": "transport", "goal": {"ratio_min": 0.8},
    "rounds": [{"ours_rps": a, "nghttpd_rps": b, "ratio": round(a / b, 4), "ours_mean": r[2], "nghttpd_mean": r[3],
                "ours_errors": int(r[4]), "nghttpd_errors": int(r[5])} for a, b, r in zip(ours, theirs, rows)],
    "seconds": float(sys.argv[2]), "ours_rps": statistics.median(ours), "nghttpd_rps": statistics.median(theirs),
    "ratio": round(ratio, 4), "errors": sum(int(r[4]) for r in rows),
    "pass": ratio >= 0.8 and all(int(r[4]) == 0 for r in rows)}))
PY
