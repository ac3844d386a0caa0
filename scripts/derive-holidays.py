#!/usr/bin/env python3
"""Print Indonesia's national holidays and cuti bersama for the given years as CSV.

Uses the Python package `holidays` (MIT; `pip install holidays`), whose "government" category
holds the cuti bersama of the joint ministerial decrees. Each year's decree still has to be
checked when it is published: the app keeps the table editable.

Usage: scripts/derive-holidays.py 2023 2027 > data/holidays.csv
"""
import csv
import sys

import holidays


def main(first: int, last: int) -> None:
    days = holidays.country_holidays(
        "ID", years=range(first, last + 1), categories=("public", "government"), language="id"
    )
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["date", "name", "kind"])
    for day, names in sorted(days.items()):
        for name in names.split("; "):
            kind = "cuti_bersama" if name.startswith("Cuti Bersama") else "national"
            out.writerow([day.isoformat(), name, kind])


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
