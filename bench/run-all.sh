#!/usr/bin/env bash
# Every performance figure of the bench suite in one command, each measured against its reference
# in the same run on this machine, written into bench/RESULTS.md between the run-all markers:
#   transport  bench/transport.sh        health method vs nghttpd               goal ≥ 0.8×
#   1          bench/getcase-h2load.sh   GetCase (1 M customers) vs nghttpd     goal ≥ 0.5×
#   2, 3, 5, 6 bench/suite.sh            random look-ups, size scaling, RSS, 90/10 mix
#   4          bench/durable.sh          durable payments vs the disk's fsync rate  goal ≥ 5×
#                                        and bytes written per durable payment      goal ≤ 16 KiB
#   postgres   bench/pgbench.sh          durable payments vs PostgreSQL pgbench TPC-B  goal ≥ 2×
#   paced      bench/paced.sh            GetCase p99 at 2 000/s (1 M) beside health  goal ≤ 2 ms
#                                        and start-up with quick_check on 1 M       goal ≤ 10 s
#   audit      bench/audit-cost.sh       keyed vs unkeyed audit chain, payments/s   goal ≤ 5 % slower
#   crash      bench/crash.sh            SIGKILL under load, every acknowledged payment kept
# Each script ends with one `RESULT {json}` line; this runner reads only those. Raw logs go to
# bench/out/run-all/. Makes bench/out/data-1000000 first if it is missing (bench/lookup.sh, ~7 min).
#   bench/run-all.sh [--quick]
# --quick: one round of seconds-long runs and a small crash test, to try the runner; the figures
# it writes are marked as a quick run and are not comparable with a full run (~15–20 min).
# RUN_ALL_STEP_TIMEOUT=SECONDS bounds each script, build included (default 3600, 1200 with --quick).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n 's/^#   \(bench\/run-all.sh.*\)/usage: \1/p' "$0"; }
quick=0
case "$#:${1:-}" in
    0:) ;;
    1:--quick) quick=1 ;;
    1:-h | 1:--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
esac
command="bench/run-all.sh${1:+ $1}"

for tool in h2load nghttpd nghttp python3 openssl sqlite3 swift setsid awk runuser; do
    command -v "$tool" >/dev/null || {
        echo "run-all: missing $tool (Debian: apt-get install nghttp2-client nghttp2-server openssl python3 sqlite3 util-linux)" >&2
        exit 1
    }
done
[[ -x /usr/bin/time ]] || [[ -f bench/out/data-1000000/collect.sqlite ]] || { echo "run-all: missing /usr/bin/time (apt-get install time), needed by bench/lookup.sh" >&2; exit 1; }

big=bench/out/data-1000000
if ((quick)); then
    transport_args=(1 2); getcase_args=("$big" 1 20000); suite_args=(2 3); suite_runs=1; durable_args=(1); crash_args=(1 10000)
    pgbench_args=(1 3); paced_args=(1 3 2000); audit_args=(1 2)
else
    transport_args=(9 3); getcase_args=("$big" 5 60000); suite_args=(20 60); suite_runs=3; durable_args=(3); crash_args=(8 100000)
    pgbench_args=(3 10); paced_args=(3 10 2000); audit_args=(3 5)
fi
step_timeout="${RUN_ALL_STEP_TIMEOUT:-$( ((quick)) && echo 1200 || echo 3600)}"

out=bench/out/run-all
rm -rf "$out"; mkdir -p "$out"
results="$out/results.jsonl"; : > "$results"

# The running figure script is started with setsid, so it and every server, h2load and load tool
# it starts share one process group, whose id is the script's pid; on exit that group is ended.
current=0; follower=0
cleanup() {
    if [[ $current != 0 ]]; then
        kill -TERM -- "-$current" 2>/dev/null || true   # the scripts' own traps stop their servers
        for _ in 1 2 3 4 5; do kill -0 -- "-$current" 2>/dev/null || break; sleep 1; done
        kill -KILL -- "-$current" 2>/dev/null || true
        current=0
    fi
    [[ $follower == 0 ]] || kill "$follower" 2>/dev/null || true
    follower=0
    return 0
}
trap cleanup EXIT
trap 'echo "run-all: interrupted" >&2; exit 130' INT TERM HUP

git_state() {  # commit, and a fingerprint of uncommitted changes to tracked files (not this output file)
    git rev-parse HEAD
    git diff HEAD -- . ':(exclude)bench/RESULTS.md' | sha1sum | cut -d' ' -f1
}
started=$(date -u +%s)
state_before=$(git_state)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# launch NAME SCRIPT ARGS...: runs bench/SCRIPT in its own process group, its output shown and kept
# in $out/NAME.log, stopped after $step_timeout s; sets rc to its exit status.
launch() {
    local name=$1 script=$2; shift 2
    local log="$out/$name.log" t0=$SECONDS pid pgid
    rc=0
    setsid bash "bench/$script" "$@" > "$log" 2>&1 < /dev/null &
    pid=$!; current=$pid
    for _ in $(seq 50); do   # setsid makes the group just after the fork
        pgid=$(ps -o pgid= -p "$pid" | tr -d ' ' || true)
        [[ -z "$pgid" || "$pgid" == "$pid" ]] && break
        sleep 0.1
    done
    [[ -z "$pgid" || "$pgid" == "$pid" ]] || { current=0; kill "$pid"; echo "run-all: bench/$script did not get its own process group" >&2; exit 1; }
    tail --pid="$pid" -n +1 -f "$log" &
    follower=$!
    while kill -0 "$pid" 2>/dev/null; do
        if ((SECONDS - t0 > step_timeout)); then
            echo "run-all: bench/$script ran longer than $step_timeout s (RUN_ALL_STEP_TIMEOUT); stopping it" >&2
            cleanup
            break
        fi
        sleep 1
    done
    wait "$pid" || rc=$?
    local left   # the script is done; nothing it started may outlive it (zombies aside)
    left=$(ps -eo pgid=,stat=,pid=,args= | awk -v g="$pid" '$1 == g && $2 !~ /^Z/ {$1 = $2 = ""; print}' | paste -sd';' -)
    if [[ -n "$left" ]]; then
        echo "run-all: bench/$script left processes behind:$left; ending them" >&2
        cleanup
    fi
    current=0
    wait "$follower" 2>/dev/null || true
    follower=0
}

# run NAME SCRIPT ARGS...: launch, then append the script's RESULT line to $results. A script that
# fails without a result (or fails and says it passed) stops the whole run; RESULTS.md is then untouched.
run() {
    local name=$1 script=$2; shift 2
    local log="$out/$name.log" t0=$SECONDS result
    echo "=== run-all: bench/$script $* (log: $log)"
    launch "$name" "$script" "$@"
    result=$(sed -n 's/^RESULT //p' "$log" | tail -n 1)
    if [[ -z "$result" ]] || { [[ $rc != 0 ]] && ! grep -q '"pass": false' <<< "$result"; }; then
        echo >&2
        echo "run-all: FAILED: bench/$script $* exited with status $rc$([[ -z "$result" ]] && echo " and no RESULT line")" >&2
        echo "run-all: last lines of $log:" >&2
        tail -n 20 "$log" | sed 's/^/    /' >&2
        echo "run-all: bench/RESULTS.md not changed" >&2
        exit 1
    fi
    python3 -c 'import json, sys; r = json.loads(sys.argv[1]); r.update(step=sys.argv[2], exit_status=int(sys.argv[3]), step_seconds=int(sys.argv[4])); print(json.dumps(r))' \
        "$result" "$name" "$rc" "$((SECONDS - t0))" >> "$results" \
        || { echo "run-all: FAILED: bench/$script printed a RESULT line that is not JSON (see $log)" >&2; exit 1; }
    echo "=== run-all: bench/$script done in $((SECONDS - t0)) s$([[ $rc != 0 ]] && echo ", exit status $rc: its goal is not met")"
}

if [[ ! -f "$big/collect.sqlite" ]]; then
    # lookup.sh has no RESULT line (its look-up figures have no goal); it runs here for the database.
    echo "=== run-all: no $big: seeding it with bench/lookup.sh 1000000 (about 7 minutes; log: $out/lookup.log)"
    launch lookup lookup.sh 1000000
    [[ $rc == 0 && -f "$big/collect.sqlite" ]] || { echo "run-all: FAILED: bench/lookup.sh 1000000 exited with status $rc; see $out/lookup.log" >&2; exit 1; }
fi

run transport transport.sh "${transport_args[@]}"
run getcase-h2load getcase-h2load.sh "${getcase_args[@]}"
for i in $(seq "$suite_runs"); do run "suite-$i" suite.sh "${suite_args[@]}"; done
run durable durable.sh "${durable_args[@]}"
run pgbench pgbench.sh "${pgbench_args[@]}"
run paced paced.sh "${paced_args[@]}"
run audit-cost audit-cost.sh "${audit_args[@]}"
run crash crash.sh "${crash_args[@]}"

state_after=$(git_state)
dirty=$(git status --porcelain --untracked-files=no -- . ':(exclude)bench/RESULTS.md' | awk '{print $2}' | paste -sd' ' -)
steps="bench/transport.sh ${transport_args[*]}; bench/getcase-h2load.sh ${getcase_args[*]}; bench/suite.sh ${suite_args[*]} ($suite_runs×); bench/durable.sh ${durable_args[*]}; bench/pgbench.sh ${pgbench_args[*]}; bench/paced.sh ${paced_args[*]}; bench/audit-cost.sh ${audit_args[*]}; bench/crash.sh ${crash_args[*]}"
python3 - "$results" "$out/summary.md" bench/RESULTS.md \
    "$quick" "$command" "$steps" "$started" "$(date -u +%s)" "$(nproc)" \
    "$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)" \
    "$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)" "$(uname -sr)" \
    "$( (. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-}") || true)" \
    "$(swift --version 2>/dev/null | sed -n 's/.*\(Swift version [0-9.]*\).*/\1/p' | head -1)" \
    "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(git rev-parse --short=12 HEAD)" "$dirty" \
    "$([[ "$state_before" == "$state_after" ]] && echo 0 || echo 1)" <<'PY'
import json, statistics, sys, os, datetime

keys = ["quick", "command", "steps", "started", "ended", "cores", "cpu", "ram", "kernel", "os", "swift",
        "load_before", "load_after", "commit", "dirty", "changed_during_run"]
meta = dict(zip(keys, sys.argv[4:]))
meta["quick"] = meta["quick"] == "1"
meta["changed_during_run"] = meta["changed_during_run"] == "1"
meta["started"] = int(meta["started"])
meta["seconds"] = int(meta["ended"]) - meta["started"]
results_path, summary_path, results_md = sys.argv[1:4]
steps = [json.loads(line) for line in open(results_path) if line.strip()]
by_script = {}
for s in steps:
    by_script.setdefault(s["script"], []).append(s)

def n(x, digits=0):
    """A number with spaces between thousands, as in the rest of RESULTS.md."""
    text = f"{x:,.{digits}f}"
    return text.replace(",", " ")
def ms(x):
    return f"{n(x)} ms" if x >= 100 else f"{x:.1f} ms" if x >= 10 else f"{x:.2f} ms"
def met(ok):
    return "yes" if ok else "**no**"
def median(xs):
    return statistics.median(list(xs))
def idle(rounds, key):  # h2load rounds in which our server answered nothing at all
    stalled = sum(1 for r in rounds if r[key] == 0)
    return f"; **no requests completed in {stalled} of {len(rounds)} rounds**" if stalled else ""
def mean_ms(text):  # h2load's "1.83ms" / "719us" / "1.2s"
    for unit, scale in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * scale
    return float("nan")

def versus_nghttpd(d, ours, detail, per_round):
    """One h2load figure: ratio, both rates, mean latencies, errors, rounds (keys `<ours>_rps`, `<ours>_mean`)."""
    rounds = len(d["rounds"])
    return (f"{d['ratio']:.2f}× — {n(d[ours + '_rps'])} vs nghttpd {n(d['nghttpd_rps'])} req/s; {detail}mean latency "
            f"{ms(median(mean_ms(r[ours + '_mean']) for r in d['rounds']))} vs {ms(median(mean_ms(r['nghttpd_mean']) for r in d['rounds']))}; "
            f"{d['errors']} errors; median of {rounds} round{'s' * (rounds != 1)} × {per_round}{idle(d['rounds'], ours + '_rps')}")

rows = []
t = by_script["transport.sh"][0]
rows.append(("Transport: health method vs nghttpd (h2load -c 16 -m 32)", "≥ 0.8× nghttpd",
    versus_nghttpd(t, "ours", "", f"{t['seconds']:g} s"), met(t["pass"])))

g = by_script["getcase-h2load.sh"][0]
rows.append(("1. GetCase on 1 M customers vs nghttpd serving a same-size file (h2load -c 16 -m 32)", "≥ 0.5× nghttpd",
    versus_nghttpd(g, "getcase", f"{g['response_bytes']}-byte answer; ", f"{n(g['requests'])} requests"), met(g["pass"])))

suites = by_script["suite.sh"]
runs = len(suites)
of_runs = f"median of {runs} runs" if runs > 1 else "1 run"
f2 = [s["figures"]["2"] for s in suites]
f3 = [s["figures"]["3"] for s in suites]
f5 = [s["figures"]["5"] for s in suites]
f6 = [s["figures"]["6"] for s in suites]
sec, mix_sec = suites[0]["seconds"], suites[0]["mix_seconds"]
peak_rps = median(f["peak"]["rps"] for f in f2)
peak_errors = sum(f["peak"]["errors"] for f in f2)
rows.append(("2. Random GetCase, 1 M customers, 16 × 32: peak", "reported",
    f"{n(peak_rps)} req/s, p99 {ms(median(f['peak']['p99_ms'] for f in f2))}, {peak_errors} errors; {of_runs} × {sec:g} s", "—"))
half_p99 = median(f["half"]["p99_ms"] for f in f2)
half_errors = sum(f["half"]["errors"] for f in f2)
rows.append(("2. The same at half the peak rate", "p99 ≤ 2 ms",
    f"p99 {ms(half_p99)} at {n(median(f['half_rate'] for f in f2))} req/s (reference: the peak above); {half_errors} errors; "
    f"the health check (no database) at the same rate, same tool: p99 {ms(median(f['half_health']['p99_ms'] for f in f2))}; {of_runs}",
    met(half_p99 <= 2 and half_errors == 0)))
slowdown = median(f["slowdown"] for f in f3)
cached = [f["with_answer_cache"] for f in f3 if "with_answer_cache" in f]
cached_text = (f"; with the default answer cache (which holds much of the 10 k database): {median(c['slowdown'] for c in cached):.2f}× "
               f"({n(median(c['small']['rps'] for c in cached))} vs {n(median(c['big']['rps'] for c in cached))} req/s)" if cached else "")
rows.append(("3. Size scaling: random GetCase, 10 k vs 1 M customers, answer cache off", "1 M ≤ 1.3× slower",
    f"{slowdown:.2f}× (10 k ÷ 1 M req/s) — {n(median(f['small']['rps'] for f in f3))} req/s on 10 k vs {n(median(f['big']['rps'] for f in f3))} on 1 M; {of_runs}{cached_text}",
    met(slowdown <= 1.3)))

d = by_script["durable.sh"][0]
rounds = len(d["rounds"])
plans = [r["create_plan"] for r in d["rounds"] if r["create_plan"] and r["create_plan"]["rps"] > 0]
plan_text = (f"; create-plan {n(median(p['rps'] for p in plans))}/s in {len(plans)} of {rounds} rounds" if plans else "")
rows.append(("4. Durable record-payment (synchronous=FULL, 16 × 16 streams) vs one-at-a-time 4 KiB write + fsync", "≥ 5× fsync rate",
    f"{d['ratio']:.2f}× — {n(d['payment_rps'])} payments/s vs {n(d['fsync_per_s'])} fsyncs/s; p99 {ms(d['payment_p99_ms'])}; "
    f"{d['errors']} errors{plan_text}; median of {rounds} round{'s' * (rounds != 1)} × 5 s"
    + (f"; group commit: {d['group_commit']['mutations_per_fsync']:g} mutations per WAL fsync on average "
       f"({n(d['group_commit']['committed'])} in {n(d['group_commit']['batches'])} batches, largest {d['group_commit']['largest_batch']})"
       if d.get("group_commit") else ""), met(d["pass"])))

if d.get("bytes_per_payment"):
    # The goal is measured on the fresh book (round 1, as in issue 13); later rounds pay on cases
    # that the create-plan rounds gave plans, which writes more, and are shown beside it.
    fresh = d["rounds"][0]["record_payment"]
    later = ", ".join(f"{r['record_payment']['bytes_per_payment'] / 1024:.1f}" for r in d["rounds"][1:] if r["record_payment"].get("bytes_per_payment"))
    rows.append(("4b. Bytes written per durable payment on a fresh 20 000-customer book (server's /proc/PID/io write_bytes ÷ payments stored, WAL and checkpoints included)", "≤ 16 KiB",
        f"{fresh['bytes_per_payment'] / 1024:.1f} KiB, of which checkpoints {fresh['checkpoint_bytes_per_payment'] / 1024:.1f} KiB (round 1)"
        + (f"; later rounds, on cases given plans: {later} KiB" if later else ""),
        met(fresh["bytes_per_payment"] <= 16384)))

p = by_script["pgbench.sh"][0]
rows.append((f"Durable record-payment vs PostgreSQL 15 pgbench TPC-B (-c 16 -j 2, scale {p['scale']}, default configuration, synchronous_commit=on)", "≥ 2× pgbench tps",
    f"{p['ratio']:.2f}× — {n(p['payment_rps'])} payments/s vs {n(p['pgbench_tps'])} tps; {p['errors']} errors; median of {len(p['rounds'])} alternating round{'s' * (len(p['rounds']) != 1)} × {p['seconds']:g} s",
    met(p["pass"])))

q = by_script["paced.sh"][0]
rows.append((f"Random GetCase paced at {n(q['rate'])} req/s, 1 M customers, 16 × 32", "p99 ≤ 2 ms",
    f"p99 {ms(q['getcase_p99_ms'])} (p50 {ms(q['getcase_p50_ms'])}); the health check at the same rate: p99 {ms(q['health_p99_ms'])} "
    f"(p50 {ms(q['health_p50_ms'])}); {q['errors']} errors; median of {len(q['rounds'])} round{'s' * (len(q['rounds']) != 1)} × {q['seconds']:g} s",
    met(q["getcase_p99_ms"] <= 2 and q["errors"] == 0)))
rows.append(("Start-up on 1 M customers with `PRAGMA quick_check(1)` (exec to listening, file in the page cache)", "≤ 10 s",
    f"{q['startup_s']:.1f} s (slowest {q['startup_max_s']:.1f} s); median of {len(q['rounds'])} start{'s' * (len(q['rounds']) != 1)}",
    met(q["startup_s"] <= 10)))

a = by_script["audit-cost.sh"][0]
rows.append(("Keyed audit chain's cost: durable record-payment, keyed vs an unkeyed bench build", "≤ 5 % slower",
    f"{a['slower_percent']:.1f} % slower (keyed ÷ unkeyed {a['ratio']:.3f}) — {n(a['keyed_rps'])} vs {n(a['unkeyed_rps'])} payments/s; "
    f"{a['errors']} errors; median of {len(a['rounds'])} alternating round{'s' * (len(a['rounds']) != 1)}", met(a["pass"])))

rss_1 = g["server_peak_rss_kib"] / 1024
rss_2 = max(f["rss_big_kib"] for f in f5) / 1024
rss_small = max(f["rss_small_kib"] for f in f5) / 1024
rows.append(("5. Server peak RSS (VmHWM), 1 M customers, during 1 and 2", "≤ 300 MiB",
    f"{max(rss_1, rss_2):.0f} MiB — {rss_1:.0f} MiB during 1, {rss_2:.0f} MiB during 2 and 6 (highest of {runs} run{'s' * (runs != 1)}); 10 k customers: {rss_small:.0f} MiB",
    met(max(rss_1, rss_2) <= 300)))

mix_errors = sum(f["errors"] for f in f6)
rows.append((f"6. Mix 90 % GetCase / 10 % RecordPayment, 1 M customers, 16 × 32, {mix_sec:g} s", "no errors; p99 reported",
    f"{mix_errors} errors; {n(median(f['rps'] for f in f6))} req/s, p50 {ms(median(f['p50_ms'] for f in f6))}, "
    f"p99 {ms(median(f['p99_ms'] for f in f6))}; {of_runs}", met(mix_errors == 0)))

c = by_script["crash.sh"][0]
rows.append((f"Crash under load: SIGKILL {c['cycles']}× during a 90/10 mix, {n(c['customers'])} customers",
    "every acknowledged payment stored, none half-applied, integrity and audit chain ok",
    f"{'pass' if c['pass'] else 'FAIL'} — {n(c['acknowledged'])} acknowledged, {n(c['stored'])} stored, {c['missing']} missing, "
    f"{c['without_audit']} without audit, {c['version_mismatch']} case versions off, integrity_check {c['integrity']}, {c['audit']}",
    met(c["pass"])))

when = datetime.datetime.fromtimestamp(meta["started"], datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
minutes = meta["seconds"] / 60
commit = meta["commit"] + (f" + uncommitted changes ({meta['dirty']})" if meta["dirty"] else " (clean)")
lines = ["## Latest `bench/run-all.sh` run", ""]
if meta["quick"]:
    lines += ["**Quick run (`--quick`)**: one round each, runs of a few seconds, a one-kill crash test on 10 k customers. "
              "It shows that the runner works; its figures are not comparable with a full run's and are not results.", ""]
lines += [
    "Written by `bench/run-all.sh`; the next run replaces this section. Each figure is the median of its rounds, "
    "measured beside its reference in the same run; raw logs are in `bench/out/run-all/` (not committed).",
    "",
    f"- date: {when}, {minutes:.0f} min",
    f"- machine: {meta['cores']} cores ({meta['cpu']}), {meta['ram']} RAM, {meta['kernel']}"
    + (f", {meta['os']}" if meta["os"] else "") + (f", {meta['swift']}" if meta["swift"] else "")
    + f"; load average {meta['load_before']} before, {meta['load_after']} after",
    f"- commit: {commit}" + ("; **the working tree changed during the run**, so later scripts may have measured a different build" if meta["changed_during_run"] else ""),
    f"- command: `{meta['command']}`, which ran: `{meta['steps']}`",
    "",
    "| figure | goal | measured (median of rounds; reference) | met? |",
    "|---|---|---|---|",
]
lines += [f"| {a} | {b} | {c_} | {d_}{' (quick run)' if meta['quick'] and d_ != '—' else ''} |" for a, b, c_, d_ in rows]
lines += ["", "Not rerun here: `bench/codec.sh` and the look-up figures of `bench/lookup.sh` (no goals; "
          "`lookup.sh` runs only to make a missing database)."]
section = "\n".join(lines)
open(summary_path, "w").write(section + "\n")
print(section)

begin, end = "<!-- run-all:begin -->", "<!-- run-all:end -->"
text = open(results_md).read()
block = f"{begin}\n{section}\n{end}"
if begin in text and end in text:
    head, rest = text.split(begin, 1)
    text = head + block + rest.split(end, 1)[1]
else:  # first time: under the introduction, before the first section
    cut = text.find("\n## ")
    cut = len(text) if cut < 0 else cut + 1
    text = text[:cut] + block + "\n\n" + text[cut:]
tmp = results_md + ".tmp"
open(tmp, "w").write(text)
os.replace(tmp, results_md)
PY
echo "=== run-all: figures written to bench/RESULTS.md; raw logs in $out/ ($(( ($(date -u +%s) - started) / 60 )) min)"
