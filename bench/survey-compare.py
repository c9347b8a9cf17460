#!/usr/bin/env python3
"""The largest relative difference between two `id,weight` files (the CLI's and R's).

    bench/survey-compare.py W1.csv W2.csv

Fails if the files do not have the same ids in the same order.
"""
import csv
import sys


def read(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    return [r["id"] for r in rows], [float(r["weight"]) for r in rows]


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: survey-compare.py W1.csv W2.csv")
    ids1, w1 = read(sys.argv[1])
    ids2, w2 = read(sys.argv[2])
    if ids1 != ids2:
        sys.exit(f"the files' ids differ ({len(ids1)} and {len(ids2)} rows)")
    worst, where = max((abs(a - b) / abs(b), i) for i, (a, b) in zip(ids1, zip(w1, w2)))
    print(f"{len(ids1)} weights; largest relative difference {worst:.3g} (id {where}); "
          f"sums {sum(w1):.12g} and {sum(w2):.12g}")


if __name__ == "__main__":
    main()
