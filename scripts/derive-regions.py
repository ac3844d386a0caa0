#!/usr/bin/env python3
"""Rebuild data/regions.csv from an unpacked idn-area-data package (ODbL data).

Usage: scripts/derive-regions.py PATH/TO/package/data > data/regions.csv
"""
import csv
import sys

WITA = {51, 52, 53, 63, 64, 65, 71, 72, 73, 74, 75, 76}
WIT = {81, 82, 91, 92, 93, 94, 95, 96}


def time_zone(province_code: str) -> str:
    code = int(province_code)
    if code in (61, 62):
        return "Asia/Pontianak"
    if code in WITA:
        return "Asia/Makassar"
    if code in WIT:
        return "Asia/Jayapura"
    if 11 <= code <= 36:
        return "Asia/Jakarta"
    raise ValueError(f"unknown province code {province_code}")


def main(source: str) -> None:
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["code", "name", "kind", "province_code", "time_zone"])
    with open(f"{source}/provinces.csv", newline="") as f:
        for row in csv.DictReader(f):
            out.writerow([row["code"], row["name"], "province", row["code"], time_zone(row["code"])])
    with open(f"{source}/regencies.csv", newline="") as f:
        for row in csv.DictReader(f):
            name = row["name"]
            if name.startswith("Kabupaten "):
                kind = "regency"
            elif name.startswith("Kota "):
                kind = "city"
            else:
                raise ValueError(f"neither kabupaten nor kota: {name}")
            out.writerow([row["code"], name, kind, row["province_code"], time_zone(row["province_code"])])


if __name__ == "__main__":
    main(sys.argv[1])
