#!/usr/bin/env python3
"""Writes a BgMax file (ISO-8859-1, CR LF, control records right) of PAYMENTS payments of 1,00 SEK
each, dated DAY (YYYYMMDD), paying the references in REFERENCES_FILE (one a line) in turn, in
sections of at most 10 000 payments. Streams: memory stays small whatever PAYMENTS is.
    bench/make-bgmax.py REFERENCES_FILE PAYMENTS DAY OUT"""
import sys

refs_path, payments, day, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
refs = [line.strip() for line in open(refs_path) if line.strip()]
section_max = 10_000

def line(text):
    assert len(text) <= 80
    return (text.ljust(80) + "\r\n").encode("latin-1")

with open(out, "wb") as f:
    f.write(line("01" + "BGMAX".ljust(20) + "01" + day + "103015123456" + "P"))
    written = sections = serial = 0
    while written < payments:
        count = min(section_max, payments - written)
        f.write(line("05" + "0009912346" + " " * 10 + "SEK"))
        chunk = []
        for _ in range(count):
            serial += 1
            ref = refs[serial % len(refs)]
            chunk.append(line("20" + "0003783511" + ref.ljust(25) + str(100).rjust(18, "0") + "2" + "1" + str(serial).rjust(12, "0") + "0"))
        f.write(b"".join(chunk))
        sections += 1
        f.write(line("15" + "99000000012345".ljust(35) + day + str(sections).rjust(5, "0") + str(100 * count).rjust(18, "0") + "SEK"
                     + str(count).rjust(8, "0") + " "))
        written += count
    f.write(line("70" + str(payments).rjust(8, "0") + "0" * 8 + "0" * 8 + str(sections).rjust(8, "0")))
