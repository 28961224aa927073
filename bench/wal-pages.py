#!/usr/bin/env python3
"""Where a durable payment's WAL bytes go: reads a copy of the WAL (DB-wal) and, through the
dbstat table of the database copy DB, names the table or index of every page written. Prints
pages per commit by table/index (frames of one commit = the writer's batch; a page written by
several commits counts once per commit). Only the frames after the WAL's last reset (matching
salts) are read.
    bench/wal-pages.py DB WAL [PER_COMMIT]   (PER_COMMIT: mutations per commit, from the server's
    last log line, for per-mutation figures; WAL: a copy of DB-wal taken while the server ran)"""
import collections, sqlite3, struct, sys

db = sys.argv[1]
per_commit = float(sys.argv[3]) if len(sys.argv) > 3 else 0
wal = open(sys.argv[2], "rb").read()
magic, version, page_size, checkpoint, salt1, salt2 = struct.unpack(">IIIIII", wal[:24])
names = dict(sqlite3.connect(f"file:{db}?mode=ro", uri=True).execute("SELECT pageno, name FROM dbstat").fetchall())
frames, commits, current = 0, [], collections.Counter()
offset = 32
while offset + 24 + page_size <= len(wal):
    page, size, s1, s2 = struct.unpack(">IIII", wal[offset:offset + 16])
    if (s1, s2) != (salt1, salt2):
        break
    current[names.get(page, "(new or free page)")] += 1
    frames += 1
    if size:
        commits.append(current); current = collections.Counter()
    offset += 24 + page_size
total = collections.Counter()
for c in commits:
    total.update(c)
pages = sum(total.values())
print(f"page size {page_size}; {len(commits)} commits, {pages} frames in them ({pages / max(1, len(commits)):.1f} per commit"
      + (f", {pages / max(1, len(commits)) / per_commit:.2f} per mutation)" if per_commit else ")"))
for name, count in total.most_common():
    per = f", {count / len(commits) / per_commit:.2f} per mutation" if per_commit else ""
    print(f"  {name:28} {count:6} frames ({100 * count / pages:4.1f} %){per}")
