#!/usr/bin/env python3
"""Writes the payment-file fixtures: one golden file per format, laid out from the
specifications as documented in docs/PAYMENT-FILES.md (control records right), and broken
variants of each. Run from anywhere; writes next to itself. The files are committed; this
script says how they were made. References are made with the check-digit rules of
Sources/Domain/CheckDigit.swift, written again here independently."""
import os, random

HERE = os.path.dirname(os.path.abspath(__file__))

def mod10(digits):
    total, double = 0, True
    for ch in reversed(digits):
        v = int(ch) * (2 if double else 1)
        total += v - 9 if v > 9 else v
        double = not double
    return str((10 - total % 10) % 10)

def ocr(serial):                 # Swedish OCR, check digit only
    return serial + mod10(serial)

def ocr_len(serial):             # Swedish OCR with length digit
    body = serial + str((len(serial) + 2) % 10)
    return body + mod10(body)

def kid(serial):
    return serial + mod10(serial)

def fi71(serial):
    body = serial.rjust(14, "0")
    return body + mod10(body)

def rec(text, length):
    assert len(text) <= length, (len(text), text)
    return text.ljust(length)

def num(value, width):
    s = str(value)
    assert len(s) <= width
    return s.rjust(width, "0")

def write(name, lines, eol, encoding="latin-1"):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write("".join(line + eol for line in lines).encode(encoding))

# ---------------------------------------------------------------- BgMax (80, Latin-1, CR LF)
def bgmax_payment(tk, sender, reference, amount, refcode, channel, serial, image="0"):
    return rec(tk + num(sender, 10) + reference.ljust(25) + num(amount, 18) + refcode + channel + num(serial, 12) + image, 80)

def bgmax_deposit(date, serial, amount, count):
    return rec("15" + "99000000012345".ljust(35) + date + num(serial, 5) + num(amount, 18) + "SEK" + num(count, 8) + " ", 80)

def bgmax(sections_override=None):
    s1 = [
        rec("05" + num(9912346, 10) + " " * 10 + "SEK", 80),
        bgmax_payment("20", 3783511, ocr("1000001"), 150000, "2", "1", 100000000001),
        rec("26" + "Åsa Öberg", 80),
        bgmax_payment("20", 3783511, ocr_len("1000002"), 2550, "2", "1", 100000000002),
        bgmax_payment("20", 0, "10000034", 9900, "5", "3", 100000000003),   # wrong check digit
        rec("25" + "Betalning avser faktura 42", 80),
    ]
    s1.append(bgmax_deposit("20261130", 1, 150000 + 2550 + 9900, 3))
    s2 = [
        rec("05" + num(9912346, 10) + " " * 10 + "SEK", 80),
        bgmax_payment("20", 5050505, ocr("1000004"), 700000, "3", "2", 100000000004),
        bgmax_payment("22", 5050505, ocr("1000005"), 300000, "3", "2", 100000000004),
        bgmax_payment("21", 5050505, ocr("1000004"), 10000, "3", "2", 100000000005),
    ]
    s2.append(bgmax_deposit("20261201", 2, 700000 - 10000, 2))
    start = rec("01" + "BGMAX".ljust(20) + "01" + "20261201103015123456" + "P", 80)
    end = rec("70" + num(4, 8) + num(1, 8) + num(1, 8) + num(2, 8), 80)
    return [start] + s1 + s2 + [end]

# ---------------------------------------------------------------- Nets OCR giro (80)
def ocr_item1(tt, txn, date, serial, amount, kidref, sign="0"):
    return rec("NY09" + tt + "30" + num(txn, 7) + date + "01" + "29" + "1" + num(serial, 5) + sign + num(amount, 17) + kidref.rjust(25) + "000000", 80)

def ocr_item2(tt, txn, form, ordered, account):
    return rec("NY09" + tt + "31" + num(txn, 7) + num(form, 10) + "000000000" + "0000000" + ordered + num(account, 11), 80).replace(" ", "0")

def ocr_item3(tt, txn, text):
    return rec("NY09" + tt + "32" + num(txn, 7) + text.ljust(40) , 80)

def ocrgiro():
    tx = [
        ocr_item1("10", 1, "011226", 1, 120000, kid("2000001")), ocr_item2("10", 1, 9876543210, "301126", 12345678901),
        ocr_item1("19", 2, "011226", 2, 50000, kid("2000002")), ocr_item2("19", 2, 0, "011226", 12345678902),
        ocr_item1("18", 3, "021226", 3, 50000, kid("2000002")), ocr_item2("18", 3, 0, "021226", 12345678902),
        ocr_item1("21", 4, "021226", 4, 7500, ""), ocr_item2("21", 4, 0, "021226", 12345678903), ocr_item3("21", 4, "Betaling for kort 4571"),
    ]
    total = 120000 + 50000 + 50000 + 7500
    assignment = [rec("NY090020" + num(1234567, 9) + num(42, 7) + num(86011117947, 11), 80).replace(" ", "0")] + tx
    assignment.append(rec("NY090088" + num(4, 8) + num(len(assignment) + 1, 8) + num(total, 17) + "021226" + "011226" + "021226", 80).replace(" ", "0"))
    lines = [rec("NY000010" + num(8080, 8) + num(170604, 7) + num(55555555, 8), 80).replace(" ", "0")] + assignment
    lines.append(rec("NY000089" + num(4, 8) + num(len(lines) + 1, 8) + num(total, 17) + "021226", 80).replace(" ", "0"))
    return lines

# ---------------------------------------------------------------- Betalingsservice 0602 (128)
def bs042(pbs, code, recno, group, customer, agreement, date, amount):
    return rec("BS042" + num(pbs, 8) + code + num(recno, 5) + num(group, 5) + customer.rjust(15, "0") + num(agreement, 9) + date + "1" + num(amount, 13), 128)

def betalingsservice():
    pbs = 1234567
    s1 = [rec("BS012" + num(pbs, 8) + "0211", 128),
          bs042(pbs, "0236", 0, 1, fi71("3000001"), 1, "011226", 45000),
          bs042(pbs, "0237", 0, 1, fi71("3000002"), 2, "011226", 12000),
          bs042(pbs, "0239", 0, 1, fi71("3000003"), 3, "011226", 8000)]
    s1.append(rec("BS092" + num(pbs, 8) + "0211" + "00000" + "00000" + "0000" + num(3, 11) + num(45000 + 12000 + 8000, 15) + num(0, 11), 128))
    s2 = [rec("BS012" + num(pbs, 8) + "0215", 128),
          rec("BS022" + num(pbs, 8) + "0240" + "00001" + "Jens Hansen, Nørregade 1", 128),
          bs042(pbs, "0297", 0, 0, fi71("3000004"), 0, "301126", 99950),
          rec("BS052" + num(pbs, 8) + "0241" + "00001" + "Rate december", 128)]
    s2.append(rec("BS092" + num(pbs, 8) + "0215" + "00000" + "00000" + "0000" + num(1, 11) + num(99950, 15) + num(2, 11), 128))
    start = rec("BS002" + num(87654321, 8) + "BS1" + "0602" + num(1, 10) + " " * 19 + "021226", 128)
    end = rec("BS992" + num(87654321, 8) + "BS1" + "0602" + num(2, 11) + num(4, 11) + num(45000 + 12000 + 8000 + 99950, 15) + num(2, 11), 128)
    return [start] + s1 + s2 + [end]

def betalingsservice_reversal():
    """Delivery 2: two reversals (0239) of the golden file's 0236 payment of 450,00 to
    fi71("3000001"): the first undoes it, the second finds it reversed already."""
    pbs = 1234567
    s1 = [rec("BS012" + num(pbs, 8) + "0211", 128),
          bs042(pbs, "0239", 0, 1, fi71("3000001"), 1, "011226", 45000),
          bs042(pbs, "0239", 0, 1, fi71("3000001"), 1, "011226", 45000)]
    s1.append(rec("BS092" + num(pbs, 8) + "0211" + "00000" + "00000" + "0000" + num(2, 11) + num(90000, 15) + num(0, 11), 128))
    start = rec("BS002" + num(87654321, 8) + "BS1" + "0602" + num(2, 10) + " " * 19 + "031226", 128)
    end = rec("BS992" + num(87654321, 8) + "BS1" + "0602" + num(1, 11) + num(2, 11) + num(90000, 15) + num(0, 11), 128)
    return [start] + s1 + [end]

def replace_field(line, start, text):     # 1-based start
    return line[:start - 1] + text + line[start - 1 + len(text):]

def variants(prefix, lines, eol, end_count_pos, sum_line, sum_pos, sum_width, ref_line):
    write(f"{prefix}-golden.txt", lines, eol)
    write(f"{prefix}-trimmed.txt", [l.rstrip() for l in lines], eol)
    broken = list(lines); broken[-1] = replace_field(broken[-1], end_count_pos, "9")
    write(f"{prefix}-broken-count.txt", broken, eol)
    broken = list(lines); broken[1] = broken[1] + "X"
    write(f"{prefix}-broken-length.txt", broken, eol)
    broken = list(lines); old = broken[sum_line][sum_pos - 1:sum_pos - 1 + sum_width]
    broken[sum_line] = replace_field(broken[sum_line], sum_pos, num(int(old) + 100, sum_width))
    write(f"{prefix}-broken-total.txt", broken, eol)
    write(f"{prefix}-broken-truncated.txt", lines[:-2], eol)
    broken = list(lines); ref = broken[ref_line]
    write(f"{prefix}-broken-order.txt", [lines[0], lines[ref_line]] + lines[1:ref_line] + lines[ref_line + 1:], eol)

random.seed(18)
with open(os.path.join(HERE, "random-bytes.bin"), "wb") as f:
    f.write(bytes(random.getrandbits(8) for _ in range(4096)))

bg = bgmax()
variants("bgmax", bg, "\r\n", 10, 7, 51, 18, 2)
write("bgmax-broken-lf.txt", bg, "\n")
write("bgmax-broken-utf8.txt", bg, "\r\n", encoding="utf-8")
oc = ocrgiro()
variants("ocrgiro", oc, "\r\n", 16, 11, 25, 17, 2)
bs = betalingsservice()
variants("bs0602", bs, "\r\n", 31, 5, 43, 15, 2)
write("bs0602-reversal.txt", betalingsservice_reversal(), "\r\n")
