#!/usr/bin/env python3
"""The machine's own durable-write rate: 4 KiB write + fsync, one after another, for SECONDS in
DIR (the directory the database lives in). Prints fsyncs per second."""
import os, sys, time

directory, seconds = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 3.0
path = os.path.join(directory, "fsync-probe.bin")
fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
block = b"\0" * 4096
count, start = 0, time.monotonic()
try:
    while time.monotonic() - start < seconds:
        os.write(fd, block)
        os.fsync(fd)
        count += 1
finally:
    os.close(fd)
    os.unlink(path)
print(f"{count / (time.monotonic() - start):.0f}")
