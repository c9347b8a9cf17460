#!/usr/bin/env python3
"""Write Resources/Seed/walsall-ward-points.csv: one point per Walsall ward (the centroid of its
largest polygon, WGS84), derived from ../shared/data/boundaries/walsall_wards_2016_martinjc.geojson.
The demo uses these facts to lay its hex map out with neighbouring wards near each other; the
boundary file itself is not copied. Standard library only.

    python3 scripts/make-demo-ward-points.py
"""
import csv
import json
import os

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
SHARED = os.environ.get("COHESION_SHARED_DATA") or os.path.join(ROOT, "..", "shared", "data")
SOURCE = os.path.join(SHARED, "boundaries", "walsall_wards_2016_martinjc.geojson")


def centroid(ring):
    """Area-weighted centroid of a closed ring (shoelace formula) and its absolute area."""
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        c = x1 * y2 - x2 * y1
        a += c
        cx += (x1 + x2) * c
        cy += (y1 + y2) * c
    a /= 2
    return cx / (6 * a), cy / (6 * a), abs(a)


def main():
    with open(SOURCE, encoding="utf-8") as f:
        features = json.load(f)["features"]
    rows = []
    for feature in features:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        lon, lat, _ = max((centroid(p[0]) for p in polygons), key=lambda t: t[2])
        rows.append((feature["properties"]["WD13CD"], feature["properties"]["WD13NM"], round(lat, 5), round(lon, 5)))
    rows.sort()
    assert len(rows) == 20, f"expected Walsall's 20 wards, found {len(rows)}"
    out = os.path.join(ROOT, "Resources", "Seed", "walsall-ward-points.csv")
    with open(out, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["ward_code", "ward_name", "latitude", "longitude"])
        writer.writerows(rows)
    print(f"wrote {len(rows)} ward points to {out}")


if __name__ == "__main__":
    main()
