#!/usr/bin/env bash
# Puts the three fixture strategies (Tests/AutomationTests/Fixtures/{se,no,dk}-standard.yaml) in
# force from FROM (default today; the server runs with --today FROM so an earlier day is "today")
# in the book at DATA, the way a coordinator does: a server on a free port,
# `collectctl strategy apply` and `strategy activate --from today` with a coordinator token, the
# server stopped. Setup for bench/daily-cycle.sh and bench/cycle-getcase.sh, outside their timings.
#   bench/strategies-in-force.sh DATA BIN_DIR [FROM=today, YYYY-MM-DD]
set -euo pipefail
cd "$(dirname "$0")/.."
data="$1"; bin="$2"; from="${3:-$(TZ=Europe/Stockholm date +%F)}"
work="$(mktemp -d)"
scripts/dev-tls "$work/tls" >/dev/null
token=$("$bin/collect-server" token create --data "$data" --name "bench-coordinator-$$" --role coordinator --countries SE,NO,DK --expires-days 1)
"$bin/collect-server" serve --data "$data" --cert "$work/tls/server.pem" --key "$work/tls/server.key" --host 127.0.0.1 --port 0 \
    --daily-cycle off --today "$from" > "$work/server.out" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
until grep -q listening "$work/server.out"; do kill -0 "$server" || { cat "$work/server.out" >&2; exit 1; }; sleep 0.05; done
port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$work/server.out")
ctl() { COLLECT_SERVER="localhost:$port" COLLECT_TOKEN="$token" COLLECT_CA="$work/tls/ca.pem" "$bin/collectctl" "$@"; }
for country in se no dk; do
    number=$(ctl strategy apply -f "Tests/AutomationTests/Fixtures/$country-standard.yaml" | sed -n 's/.*version #\([0-9]*\).*/\1/p')
    ctl strategy activate "$number" --from "$from" >/dev/null
done
ctl strategy list
