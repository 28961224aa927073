#!/usr/bin/env python3
"""A card-ledger feed file (docs/INTAKE.md) for bench/intake.sh.

    make-intake.py ROWS ROUND TODAY OUT

ROWS Swedish account states of ROWS new customers (born 1925-1939, before every seeded customer,
and in a different span of days for each ROUND, so each round opens new cases). Every other state
enters collections (500.00 SEK overdue for 30 days); the rest owe nothing overdue (not in
collections). TODAY is YYYY-MM-DD in Sweden.
"""
import datetime
import sys

rows, round_, today, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
due = (datetime.date.fromisoformat(today) - datetime.timedelta(days=30)).isoformat()
base = datetime.date(1925, 1, 1) + datetime.timedelta(days=round_ * 150)
per_day = 900


def personnummer(birth, serial):
    short = birth.strftime("%y%m%d") + f"{serial:03d}"
    total = 0
    for index, char in enumerate(short):
        digit = int(char) * (2 if index % 2 == 0 else 1)
        total += digit // 10 + digit % 10
    return birth.strftime("%Y%m%d") + "-" + f"{serial:03d}" + str((10 - total % 10) % 10)


header = ("country,national_id,full_name,language,phone,email,address_line,postal_code,city,account_number,product,currency,"
          "balance,overdue,oldest_unpaid_due_date,credit_limit,direct_debit_mandate\n")
with open(out, "w", encoding="utf-8") as file:
    file.write(header)
    for i in range(rows):
        birth = base + datetime.timedelta(days=i // per_day)
        number = personnummer(birth, i % per_day + 50)
        overdue, date = ("500.00", due) if i % 2 == 0 else ("", "")
        file.write(f"SE,{number},Bench Kund {i},SV,+4670{i % 10_000_000:07d},kund{round_}x{i}@example.se,Gata 1,111 22,Stockholm,"
                   f"BENCH-{round_}-{i},Classic,SEK,10 000.00,{overdue},{date},20000,no\n")
