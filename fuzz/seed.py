#!/usr/bin/env python3
"""Writes one libFuzzer seed per vector: byte 0 selects the message type as the fuzz target
does (index in the sorted list of schema names), the rest is the vector's input bytes."""
import json, os, re, sys

vectors_dir, out_dir = sys.argv[1], sys.argv[2]
names = set()
for path in sorted(os.listdir("schema")):
    if path.endswith(".schema"):
        names.update(re.findall(r"^message\s+(\w+)", open(os.path.join("schema", path)).read(), re.M))
types = sorted("collect.v1." + n for n in names)
os.makedirs(out_dir, exist_ok=True)
count = 0
for path in sorted(os.listdir(vectors_dir)):
    if not path.endswith(".json"):
        continue
    for v in json.load(open(os.path.join(vectors_dir, path))):
        data = bytes.fromhex(v.get("input_hex", v.get("hex", "")))
        index = types.index("collect.v1." + v["type"])
        with open(os.path.join(out_dir, "seed-" + v["name"]), "wb") as f:
            f.write(bytes([index]) + data)
        count += 1
print(f"seed.py: {count} seeds for {len(types)} message types")
